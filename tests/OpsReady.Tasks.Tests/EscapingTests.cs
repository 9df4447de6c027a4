namespace OpsReady.Tasks.Tests;

/// <summary>The one escaper per output format, and where JSON and YAML part ways.</summary>
public class EscapingTests
{
    [Theory]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\"")]
    [InlineData("\n\r\t", "\"\\n\\r\\t\"", "\"\\n\\r\\t\"")]
    [InlineData("\b\f", "\"\\b\\f\"", "\"\\u0008\\u000C\"")]
    [InlineData("\u0085\u2028\u2029", "\"\u0085\\u2028\\u2029\"", "\"\\N\\L\\P\"")]
    [InlineData("\u007f\u0001", "\"\\u007f\\u0001\"", "\"\\u007F\\u0001\"")]
    [InlineData("\ud83d\ude00", "\"\ud83d\ude00\"", "\"\ud83d\ude00\"")]
    [InlineData("\ufeff", "\"\ufeff\"", "\"\\uFEFF\"")]
    public void Json_and_yaml_share_the_common_escapes_and_keep_their_own(string value, string json, string yaml)
    {
        Assert.Equal(json, JsonText.Quote(value));
        Assert.Equal(yaml, YamlText.Quote(value));
    }

    [Fact]
    public void A_lone_surrogate_is_a_json_escape_and_the_yaml_replacement_character()
    {
        // Built in code: an attribute argument cannot carry a lone surrogate (it is stored as UTF-8).
        var high = "x" + (char)0xd83d;
        var low = (char)0xde00 + "x";
        Assert.Equal("\"x\\ud83d\"", JsonText.Quote(high));
        Assert.Equal("\"\\ude00x\"", JsonText.Quote(low));
        Assert.Equal("\"x\\uFFFD\"", YamlText.Quote(high));
        Assert.Equal("\"\\uFFFDx\"", YamlText.Quote(low));
    }

    [Fact]
    public void Markdown_text_cannot_add_markup_and_code_spans_cannot_close()
    {
        Assert.Equal("a \\| \\*b\\* \\[c\\](d) e", MarkdownText.Md("a | *b* [c](d)\ne"));
        Assert.Equal("`a'b \\| c`", MarkdownText.Code("a`b | c"));
    }
}
