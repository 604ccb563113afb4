using System;
using System.IO;
using System.Linq;
using MeetingMigration.Sandbox.Seeding;
using Xunit;

namespace MeetingMigration.Sandbox.Tests.Seeding;

public sealed class TenantGeneratorDeterminismTests
{
    private static byte[] TenantFileBytes(TenantGeneratorOptions options)
    {
        using var stream = new MemoryStream();
        TenantGenerator.Generate(options).WriteTenantFile(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Same_options_give_the_same_tenant_file_byte_for_byte()
    {
        var options = new TenantGeneratorOptions { Users = 5, MeetingsPerUser = 30, Seed = 42 };
        Assert.Equal(TenantFileBytes(options), TenantFileBytes(options with { }));
    }

    [Fact]
    public void Same_meetings_for_every_user_gives_each_user_the_same_work_with_their_own_invitees()
    {
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions { Users = 6, MeetingsPerUser = 40, Seed = 11, SameMeetingsForEveryUser = true });
        var byUser = tenant.Users.Select(u => tenant.MeetingsOf(u).ToList()).ToList();
        var first = byUser[0];
        foreach (var meetings in byUser.Skip(1))
        {
            Assert.Equal(first.Select(m => (m.Expectation.Outcome, m.Expectation.Kind, m.Expectation.Recurrence, m.Expectation.BodyFormat, m.Event.Start.DateTime)),
                meetings.Select(m => (m.Expectation.Outcome, m.Expectation.Kind, m.Expectation.Recurrence, m.Expectation.BodyFormat, m.Event.Start.DateTime)));
            Assert.Equal(first.Select(m => m.Event.Attendees.Count), meetings.Select(m => m.Event.Attendees.Count));
        }
        // Who is invited is each user's own draw. Drawn from the shared stream, two organizers would invite the same
        // colleagues at the same position unless one of them was among those drawn, and their copies would pile up in
        // a few mailboxes: count the pairs of organizers whose colleagues at a position are the same.
        var colleagues = tenant.Users.Select(u => u.UserPrincipalName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string Invited(SeededMeeting m) => string.Join(";", m.Event.Attendees.Select(a => a.EmailAddress.Address).Where(colleagues.Contains).Order(StringComparer.OrdinalIgnoreCase));
        int pairs = 0, same = 0;
        for (int position = 0; position < first.Count; position++)
            for (int a = 0; a < byUser.Count; a++)
                for (int b = a + 1; b < byUser.Count; b++)
                {
                    string x = Invited(byUser[a][position]), y = Invited(byUser[b][position]);
                    if (x.Length == 0 || y.Length == 0) continue;
                    pairs++;
                    if (x == y) same++;
                }
        Assert.True(pairs > 0, "no meeting invited colleagues");
        Assert.True(same * 4 < pairs, $"{same} of {pairs} pairs of organizers invited the same colleagues at the same position");
        // And the option is off by default: users' calendars differ.
        var usual = TenantGenerator.Generate(new TenantGeneratorOptions { Users = 6, MeetingsPerUser = 40, Seed = 11 });
        var outcomes = usual.Users.Select(u => string.Join(",", usual.MeetingsOf(u).Select(m => m.Expectation.Outcome))).ToList();
        Assert.True(outcomes.Distinct().Count() > 1, "without the option every user still got the same meetings");
    }

    [Fact]
    public void Another_seed_gives_another_tenant()
    {
        var options = new TenantGeneratorOptions { Users = 5, MeetingsPerUser = 30, Seed = 42 };
        Assert.NotEqual(TenantFileBytes(options), TenantFileBytes(options with { Seed = 43 }));
    }

    [Fact]
    public void Enumerating_twice_yields_equal_meetings()
    {
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions { Users = 3, MeetingsPerUser = 20, Seed = 5 });
        var first = tenant.Expectations().ToList();
        var second = tenant.Expectations().ToList();
        Assert.Equal(first.Select(e => e.ICalUId), second.Select(e => e.ICalUId));
        Assert.Equal(first.Select(e => e.Outcome), second.Select(e => e.Outcome));
    }

    [Fact]
    public void A_meeting_fetched_by_position_equals_the_streamed_one()
    {
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions { Users = 4, MeetingsPerUser = 10, Seed = 9 });
        var streamed = tenant.Meetings().ElementAt(2 * 10 + 7);
        var direct = tenant.Meeting(2, 7);
        Assert.Equal(streamed.Event.ICalUId, direct.Event.ICalUId);
        Assert.Equal(streamed.Event.Body.Content, direct.Event.Body.Content);
        Assert.Equal(streamed.Mailbox, direct.Mailbox);
    }

    [Fact]
    public void Meetings_are_generated_lazily()
    {
        // int.MaxValue meetings could never be materialized; taking three must still be instant.
        var tenant = TenantGenerator.Generate(new TenantGeneratorOptions { Users = 1, MeetingsPerUser = int.MaxValue });
        Assert.Equal(3, tenant.Meetings().Take(3).Count());
    }

    [Fact]
    public void The_layout_of_the_tenant_follows_the_injected_clock()
    {
        var early = TenantGenerator.Generate(new TenantGeneratorOptions { Users = 2, MeetingsPerUser = 5, Now = new DateTimeOffset(2020, 1, 6, 9, 0, 0, TimeSpan.Zero) });
        var late = TenantGenerator.Generate(new TenantGeneratorOptions { Users = 2, MeetingsPerUser = 5, Now = new DateTimeOffset(2030, 1, 7, 9, 0, 0, TimeSpan.Zero) });
        Assert.All(early.Meetings(), m => Assert.StartsWith("20", m.Event.Start.DateTime));
        Assert.Contains(early.Meetings(), m => m.Event.Start.DateTime.StartsWith("2020", StringComparison.Ordinal) || m.Event.Start.DateTime.StartsWith("2019", StringComparison.Ordinal));
        Assert.Contains(late.Meetings(), m => m.Event.Start.DateTime.StartsWith("2030", StringComparison.Ordinal) || m.Event.Start.DateTime.StartsWith("2029", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TenantGenerator.Generate(new TenantGeneratorOptions { PastFraction = 0.6, OfflineFraction = 0.6 }));
        Assert.Throws<ArgumentException>(() => TenantGenerator.Generate(new TenantGeneratorOptions { Languages = new[] { "xx-XX" } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TenantGenerator.Generate(new TenantGeneratorOptions { Users = 0 }));
    }
}
