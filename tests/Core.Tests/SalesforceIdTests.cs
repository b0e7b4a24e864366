using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Tests;

public sealed class SalesforceIdTests
{
    // Pairs from Salesforce's help article on 15- to 18-character IDs, from community write-ups of the same
    // algorithm, and from a real userinfo response (shared/samples/salesforce).
    [Theory]
    [InlineData("500x000000003TR", "500x000000003TRAAY")]
    [InlineData("a0D30000001n7Pi", "a0D30000001n7PiEAI")]
    [InlineData("0019000000B98de", "0019000000B98deAAB")]
    [InlineData("00D6g000006wre4", "00D6g000006wre4EAA")]
    [InlineData("0056g0000049jc6", "0056g0000049jc6AAA")]
    [InlineData("00130000000ABCD", "00130000000ABCDAA4")]
    public void A_15_character_id_gains_the_checksum_suffix_salesforce_uses(string fifteen, string eighteen)
    {
        Assert.True(SalesforceId.TryParse(fifteen, out var id));

        Assert.Equal(eighteen, id.Value);
        Assert.StartsWith(fifteen, id.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void An_18_character_id_is_kept_and_its_suffix_is_accepted_in_any_case()
    {
        Assert.True(SalesforceId.TryParse("00D6g000006wre4eaa", out var id));

        Assert.Equal("00D6g000006wre4EAA", id.Value);
    }

    [Theory]
    [InlineData("00D6g000006wre4AAA")]
    [InlineData("00D6g000006wre")]
    [InlineData("00D6g000006wre4E")]
    [InlineData("00D6g000006wr-4")]
    [InlineData("")]
    public void Malformed_ids_and_wrong_suffixes_are_refused(string text)
    {
        Assert.False(SalesforceId.TryParse(text, out _));
    }

    [Fact]
    public void Ids_that_differ_only_in_case_stay_different()
    {
        var lower = SalesforceId.Parse("001A0000006vm9r");
        var upper = SalesforceId.Parse("001A0000006Vm9r");

        Assert.NotEqual(lower, upper);
        Assert.NotEqual(lower.Value, upper.Value, StringComparer.OrdinalIgnoreCase);
    }
}
