using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>Email mode's links, shared: the instance reading sign-out events finds the link another instance kept at
/// sign-in; a link someone wrote into Redis without the validator's key points nowhere.</summary>
public sealed class SharedLinkedUsersTests : IDisposable
{
    private static readonly SalesforceId Org = SalesforceId.Parse(Samples.OrgId18);
    private static readonly SalesforceId User = SalesforceId.Parse(Samples.UserId18);

    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly MemoryDistributedCache redis = new(Options.Create(new MemoryDistributedCacheOptions()));

    public void Dispose() => key.Dispose();

    private SharedLinkedUsers Instance() => new(redis, new TicketKeys(Options.Create(new TicketKeyOptions { SigningKey = key.ExportPkcs8PrivateKeyPem() })), NullLogger<SharedLinkedUsers>.Instance);

    [Fact]
    public async Task A_link_kept_by_one_instance_is_found_by_another()
    {
        await Instance().RememberAsync(Org, User, "Google_1234567890", CancellationToken.None);

        Assert.Equal("Google_1234567890", await Instance().FindAsync(Org, User, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_link_kept_again_by_one_process_writes_redis_once()
    {
        var writes = 0;
        var counting = new CountingCache(redis, () => writes++);
        var instance = new SharedLinkedUsers(counting, new TicketKeys(Options.Create(new TicketKeyOptions { SigningKey = key.ExportPkcs8PrivateKeyPem() })), NullLogger<SharedLinkedUsers>.Instance);

        for (var i = 0; i < 5; i++)
        {
            await instance.RememberAsync(Org, User, "Google_1234567890", CancellationToken.None);
        }

        await instance.RememberAsync(Org, User, "Google_0000000000", CancellationToken.None); // relinked: written again

        Assert.Equal(2, writes);
        Assert.Equal("Google_0000000000", await Instance().FindAsync(Org, User, CancellationToken.None));
    }

    private sealed class CountingCache(IDistributedCache inner, Action wrote) : IDistributedCache
    {
        public byte[]? Get(string key) => inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) => inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => inner.Set(key, value, options);

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            wrote();
            return inner.SetAsync(key, value, options, token);
        }
    }

    [Fact]
    public async Task A_link_written_into_redis_without_the_validators_key_points_nowhere()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Convert.ToBase64String(other.SignData(Encoding.UTF8.GetBytes($"sfsso-link\n{Org.Value}\n{User.Value}\nvictim"), HashAlgorithmName.SHA256));
        await redis.SetAsync($"link:v1:{Org.Value}:{User.Value}", Encoding.UTF8.GetBytes($"{forged}.victim"), new DistributedCacheEntryOptions());

        Assert.Null(await Instance().FindAsync(Org, User, CancellationToken.None));
    }
}
