namespace SfCognitoSso.Testing;

/// <summary>Files under WireData/: real payloads captured from Cognito, Salesforce and AWS documentation.</summary>
public static class WireData
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "WireData", relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    public static byte[] ReadBytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(PathOf(folder)).Order(StringComparer.Ordinal);
}
