using MeetingMigration.Engine.Auth;
using MeetingMigration.Engine.Errors;
using Xunit;

namespace MeetingMigration.Engine.Tests.Auth
{
    public sealed class GraphConnectionValidationTests
    {
        private const string Secret = "sup3r-s3cret-value";

        public static TheoryData<GraphConnectionOptions, string> Invalid => new TheoryData<GraphConnectionOptions, string>
        {
            { new GraphConnectionOptions { Mode = GraphAuthenticationMode.AccessToken, AccessToken = Secret, GraphEndpoint = "http://graph.example.com/v1.0" }, "http://graph.example.com/v1.0" },
            { new GraphConnectionOptions { Mode = GraphAuthenticationMode.AccessToken, AccessToken = Secret, GraphEndpoint = "https://graph.microsoft.com/beta" }, "https://graph.microsoft.com/beta" },
            { new GraphConnectionOptions { Mode = GraphAuthenticationMode.AccessToken, AccessToken = Secret, GraphEndpoint = "not a url" }, "not a url" },
            { new GraphConnectionOptions { Mode = GraphAuthenticationMode.ClientSecret, ClientSecret = Secret, TenantId = "contoso.onmicrosoft.com", ClientId = "my-app" }, "my-app" },
            { new GraphConnectionOptions { Mode = GraphAuthenticationMode.ClientSecret, ClientSecret = Secret, TenantId = "contoso", ClientId = "0c266dff-15dd-4b49-8397-2bb16070ed52" }, "contoso" },
            // The authority: https, a host without a path; plain http only on this machine (the sandbox), with a secret.
            { WithAuthority("http://login.example.com"), "http://login.example.com" },
            { WithAuthority("https://login.microsoftonline.com/contoso.onmicrosoft.com"), "https://login.microsoftonline.com/contoso.onmicrosoft.com" },
            { WithAuthority("https://login.microsoftonline.com/?x=1"), "https://login.microsoftonline.com/?***" },
            { WithAuthority("login.microsoftonline.com"), "login.microsoftonline.com" },
            { WithAuthority("http://127.0.0.1:5080", GraphAuthenticationMode.DeviceCode), "http://127.0.0.1:5080" },
        };

        private static GraphConnectionOptions WithAuthority(string authority, GraphAuthenticationMode mode = GraphAuthenticationMode.ClientSecret) => new GraphConnectionOptions
        {
            Mode = mode, ClientSecret = Secret, TenantId = "contoso.onmicrosoft.com", ClientId = "0c266dff-15dd-4b49-8397-2bb16070ed52", AuthorityHost = authority,
        };

        [Theory]
        [InlineData("https://login.microsoftonline.us")]
        [InlineData("http://127.0.0.1:5080")]
        [InlineData("http://127.0.0.1:5080/")]
        public void An_https_authority_or_a_local_sandbox_with_a_secret_is_accepted(string authority)
        {
            using var connection = GraphConnection.Create(WithAuthority(authority));
            Assert.Equal(authority, connection.Options.AuthorityHost);
        }

        [Theory]
        [MemberData(nameof(Invalid))]
        public void Bad_connection_parameters_are_refused_naming_the_value_and_never_the_secret(GraphConnectionOptions options, string offending)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(options));

            Assert.Equal(ErrorIds.InvalidConnectionParameters, error.ErrorId);
            Assert.Equal(offending, error.Target);
            Assert.Contains(offending, error.Message);
            Assert.DoesNotContain(Secret, error.Message);
        }

        /// <summary>Outside probe M: accepted, the password then shown by Connect's -Verbose and Get-MeetingMigrationConnection.</summary>
        [Theory]
        [InlineData("https://u:" + Secret + "@graph.microsoft.com/v1.0", "https://***@graph.microsoft.com/v1.0")]
        [InlineData("https://" + Secret + "@graph.microsoft.com/v1.0", "https://***@graph.microsoft.com/v1.0")]
        [InlineData("https://@graph.microsoft.com/v1.0", "https://***@graph.microsoft.com/v1.0")]
        [InlineData("https://a@b:" + Secret + "@graph.microsoft.com/v1.0?x=@y", "https://***@graph.microsoft.com/v1.0?***")]
        // Outside probe N: malformed, refused by another rule, which showed the password.
        [InlineData("https:/u:" + Secret + "@graph.microsoft.com/v1.0", "https:/***@graph.microsoft.com/v1.0")]
        [InlineData("https:\\\\u:" + Secret + "@graph.microsoft.com/v1.0", "https:\\\\***@graph.microsoft.com/v1.0")]
        [InlineData("u:" + Secret + "@graph.microsoft.com/v1.0", "***@graph.microsoft.com/v1.0")]
        public void A_graph_endpoint_with_a_user_name_or_password_is_refused_hiding_them(string endpoint, string shown)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(
                new GraphConnectionOptions { Mode = GraphAuthenticationMode.AccessToken, AccessToken = "token", GraphEndpoint = endpoint }));

            Assert.Equal(ErrorIds.InvalidConnectionParameters, error.ErrorId);
            Assert.Equal(shown, error.Target);
            Assert.Contains($"'{shown}' holds a user name or password", error.Message);
            Assert.DoesNotContain(Secret, error.Message + error.RecommendedAction);
        }

        /// <summary>Outside probe N: a key in the query was accepted, then shown by -Verbose and Get-MeetingMigrationConnection.</summary>
        [Fact]
        public void A_graph_endpoint_with_a_query_is_refused_without_showing_it()
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.AccessToken, AccessToken = "token", GraphEndpoint = "https://graph.microsoft.com/v1.0?key=" + Secret,
            }));

            Assert.Equal("https://graph.microsoft.com/v1.0?***", error.Target);
            Assert.DoesNotContain(Secret, error.Message);
        }

        [Theory]
        [InlineData("https://graph.microsoft.com/v1.0/users/a@contoso.com")]
        [InlineData("https://graph.microsoft.com/v1.0?u=a@b")]
        public void An_at_sign_after_the_host_is_no_user_name(string url) => Assert.False(EndpointUserInfo.IsIn(url));

        [Fact]
        public void An_empty_access_token_is_refused()
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(
                new GraphConnectionOptions { Mode = GraphAuthenticationMode.AccessToken, AccessToken = "" }));
            Assert.Equal(ErrorIds.InvalidConnectionParameters, error.ErrorId);
        }

        [Theory]
        [InlineData("sup3r-s3cret\r\nX-Injected: 1")]
        [InlineData("sup3r-s3cret\nHost: evil.example.com")]
        [InlineData("sup3r-s3cret\u0000tail")]
        [InlineData("sup3r-s3cret\tvalue")]
        [InlineData("sup3r-s3cret-ünïcode")]
        public void A_token_that_could_add_a_header_is_refused_before_anything_is_sent_and_is_never_echoed(string token)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(
                new GraphConnectionOptions { Mode = GraphAuthenticationMode.AccessToken, AccessToken = token, GraphEndpoint = "http://127.0.0.1:5080/v1.0" }));

            Assert.Equal(ErrorIds.InvalidConnectionParameters, error.ErrorId);
            Assert.DoesNotContain("sup3r-s3cret", error.Message);
            Assert.Null(error.Target);
        }

        [Fact]
        public void A_tenant_id_with_a_line_break_is_refused_and_shown_escaped()
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.ClientSecret, ClientSecret = Secret, TenantId = "contoso.com\r\nX: 1", ClientId = "0c266dff-15dd-4b49-8397-2bb16070ed52",
            }));
            Assert.Equal(ErrorIds.InvalidConnectionParameters, error.ErrorId);
            Assert.DoesNotContain("\n", error.Message);
            Assert.Contains("'contoso.com\\r\\nX: 1'", error.Message);
        }

        [Fact]
        public void A_loopback_sandbox_over_plain_http_is_accepted()
        {
            using var connection = GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.AccessToken, AccessToken = "t", GraphEndpoint = "http://127.0.0.1:5080/v1.0",
            });
            Assert.NotNull(connection.Gateway);
        }

        [Theory]
        [InlineData("not a tenant")]
        [InlineData("contoso")]
        [InlineData("contoso.com/../evil")]
        [InlineData("cont\u043Eso.com")]
        [InlineData("contoso.com\r\nX: 1")]
        public void A_tenant_id_given_with_an_access_token_is_checked_like_in_the_other_modes(string tenant)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.AccessToken, AccessToken = Secret, TenantId = tenant, GraphEndpoint = "http://127.0.0.1:5080/v1.0",
            }));

            Assert.Equal(ErrorIds.InvalidConnectionParameters, error.ErrorId);
            Assert.Equal(tenant, error.Target);
            Assert.StartsWith("TenantId '", error.Message);
            Assert.Equal(-1, QuotedValue.IndexOfEscaped(error.Message));
            Assert.DoesNotContain(Secret, error.Message);
        }

        [Theory]
        [InlineData("contoso.onmicrosoft.com")]
        [InlineData("0c266dff-15dd-4b49-8397-2bb16070ed52")]
        [InlineData("")]
        public void An_access_token_with_a_good_tenant_or_none_is_accepted(string tenant)
        {
            using var connection = GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.AccessToken, AccessToken = Secret, TenantId = tenant, GraphEndpoint = "http://127.0.0.1:5080/v1.0",
            });
            Assert.NotNull(connection.Gateway);
        }

        [Theory]
        [InlineData("")]
        [InlineData(null)]
        public void An_empty_client_secret_is_InvalidConnectionParameters_not_an_ArgumentNullException(string? secret)
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.ClientSecret, ClientSecret = secret, TenantId = "contoso.onmicrosoft.com", ClientId = "0c266dff-15dd-4b49-8397-2bb16070ed52",
            }));

            Assert.Equal(ErrorIds.InvalidConnectionParameters, error.ErrorId);
            Assert.Contains("-ClientSecret", error.Message);
            Assert.Null(error.Target);
        }

        [Fact]
        public void Certificate_sign_in_without_a_certificate_is_InvalidConnectionParameters()
        {
            var error = Assert.Throws<MeetingMigrationException>(() => GraphConnection.Create(new GraphConnectionOptions
            {
                Mode = GraphAuthenticationMode.Certificate, TenantId = "contoso.onmicrosoft.com", ClientId = "0c266dff-15dd-4b49-8397-2bb16070ed52",
            }));

            Assert.Equal(ErrorIds.InvalidConnectionParameters, error.ErrorId);
        }
    }
}
