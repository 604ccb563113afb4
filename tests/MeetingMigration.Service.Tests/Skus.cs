namespace MeetingMigration.Service.Tests;

/// <summary>SKUs the sandbox knows (licensing service plan reference); only the first two carry the MCOMEETADV plan.</summary>
public static class Skus
{
    public static readonly Guid AudioConferencing = Guid.Parse("0c266dff-15dd-4b49-8397-2bb16070ed52");
    public static readonly Guid Office365E5 = Guid.Parse("c7df2760-2c81-4ef7-b578-5b5392b571df");
    public static readonly Guid Office365E3 = Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900");
}
