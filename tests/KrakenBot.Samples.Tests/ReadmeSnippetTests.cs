namespace KrakenBot.Samples.Tests;

/// <summary>The README's code is a sample's code, character for character, so the two can never drift apart.</summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void The_READMEs_first_csharp_snippet_is_the_PlaceAndCancel_sample_in_ten_lines_or_fewer()
    {
        string readme = File.ReadAllText(Path.Combine(SampleProcess.RepositoryRoot, "README.md"));
        string sample = File.ReadAllText(Path.Combine(SampleProcess.RepositoryRoot, "samples", "PlaceAndCancel", "Program.cs"));

        string snippet = FirstFence(readme, "```csharp");

        Assert.Equal(Normalized(sample), Normalized(snippet));
        int lines = Normalized(snippet).Split('\n').Length;
        Assert.True(lines <= 10, $"the first snippet is {lines} lines; a developer should read it in ten.");
    }

    private static string FirstFence(string markdown, string opening)
    {
        int start = markdown.IndexOf("\n" + opening + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no {opening} block.");
        start += opening.Length + 2;
        int end = markdown.IndexOf("\n```", start - 1, StringComparison.Ordinal);
        Assert.True(end >= start, $"README.md's first {opening} block is not closed.");
        return markdown[start..(end + 1)];
    }

    // Line endings and the final newline are the checkout's business, not the code's.
    private static string Normalized(string code) => code.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
}
