using System.Text.RegularExpressions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>The docs say what the code does: every reason a sign-in is refused is listed, every relative link leads to
/// a file, and every setting named (<c>Section__Key</c>) is one the code reads.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = PublishedApp.RepositoryRoot();

    /// <summary>README.md, docs/ and the client library's README: what a reader is sent to.</summary>
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        foreach (var page in System.IO.Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Append(Path.Combine(Root, "README.md")).Append(Path.Combine(Root, "src", "Client", "README.md")))
        {
            pages.Add(Path.GetRelativePath(Root, page));
        }

        return pages;
    }

    [Fact]
    public void The_architecture_lists_every_refusal_reason_and_no_other()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));
        var table = text[text.IndexOf("<!-- refusal-reasons -->", StringComparison.Ordinal)..text.IndexOf("<!-- /refusal-reasons -->", StringComparison.Ordinal)];
        var listed = ReasonRow().Matches(table).Select(match => match.Groups[1].Value).ToArray();

        Assert.Equal(Enum.GetNames<RefusalReason>(), listed);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_leads_to_a_file_or_folder_that_exists(string page)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Root, page))!;
        var broken = MarkdownLink().Matches(File.ReadAllText(Path.Combine(Root, page)))
            .Select(match => match.Groups[1].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#') && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Combine(folder, target)) && !System.IO.Directory.Exists(Path.Combine(folder, target)))
            .ToList();

        Assert.True(broken.Count == 0, $"{page} links to what does not exist: {string.Join(", ", broken)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_setting_named_is_one_the_code_reads(string page)
    {
        var unknown = SettingName().Matches(File.ReadAllText(Path.Combine(Root, page)))
            .Select(match => match.Value)
            .Distinct()
            .Where(setting => !IsRead(setting))
            .ToList();

        Assert.True(unknown.Count == 0, $"{page} names settings nothing reads: {string.Join(", ", unknown)}");
    }

    [Theory]
    [InlineData("Ticket__SigningKey", true)]
    [InlineData("Salesforce__Orgs__N__Events__ClientId", true)]
    [InlineData("Ticket__SigningKeys", false)]
    [InlineData("Salesforcee__Orgs__N__OrgId", false)]
    public void A_setting_is_read_when_its_section_is_named_in_the_code_and_each_key_is_a_name_there(string setting, bool read) =>
        Assert.Equal(read, IsRead(setting));

    private static readonly Lazy<string> Source = new(() => string.Join('\n', System.IO.Directory
        .EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
        .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                       && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(File.ReadAllText)));

    /// <summary>The section is named in the code (a section constant, a configuration path or a setting's own name) and
    /// every key below it is a property or key name there: a renamed or misspelt setting fails.</summary>
    private static bool IsRead(string setting)
    {
        var parts = setting.Split("__").Where(part => part != "N" && !part.All(char.IsAsciiDigit)).ToArray();
        var section = parts[0];
        var sectionNamed = Source.Value.Contains($"\"{section}\"", StringComparison.Ordinal)
            || Source.Value.Contains($"\"{section}:", StringComparison.Ordinal)
            || Source.Value.Contains($"{section}__", StringComparison.Ordinal);
        return sectionNamed && parts.Skip(1).All(key => Regex.IsMatch(Source.Value, $@"\b{Regex.Escape(key)}\b"));
    }

    [GeneratedRegex(@"^\| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReasonRow();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]+(__([A-Z][A-Za-z0-9]*|N|[0-9]+))+\b")]
    private static partial Regex SettingName();
}
