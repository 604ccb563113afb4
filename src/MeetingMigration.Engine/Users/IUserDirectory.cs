using System;
using System.Threading;
using System.Threading.Tasks;
using MeetingMigration.Engine.Model;

namespace MeetingMigration.Engine.Users
{
    /// <summary>A user as the directory knows them.</summary>
    public sealed class DirectoryUser
    {
        public DirectoryUser(Guid id, string userPrincipalName, string? mail)
        {
            Id = id;
            UserPrincipalName = userPrincipalName;
            Mail = mail;
        }

        public Guid Id { get; }
        public string UserPrincipalName { get; }
        public string? Mail { get; }
    }

    /// <summary>Looks users up (Microsoft Graph /users in production, the sandbox in tests).</summary>
    public interface IUserDirectory
    {
        /// <summary>The user, or null when the directory has no such user.</summary>
        Task<DirectoryUser?> FindAsync(UserIdentity identity, CancellationToken cancellationToken);
    }
}
