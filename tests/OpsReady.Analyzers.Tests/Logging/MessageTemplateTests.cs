using System.Globalization;
using Microsoft.Extensions.Logging;
using OpsReady.Analyzers.Logging;
using SerilogParser = Serilog.Parsing.MessageTemplateParser;
using SerilogPropertyToken = Serilog.Parsing.PropertyToken;

namespace OpsReady.Analyzers.Tests.Logging;

/// <summary>
/// The template parser against the libraries themselves: Serilog's MessageTemplateParser and
/// Microsoft.Extensions.Logging's formatter, observed through a logger that captures what it is given.
/// </summary>
public class MessageTemplateTests
{
    /// <summary>Templates both libraries read as their holes; one per line of the corpus.</summary>
    public static readonly string[] WellFormed =
    {
        "",
        "No holes at all",
        "User {UserId} logged in",
        "{A}{B}",
        "{A} and {A}",
        "Order {@Order} placed",
        "Value {$Value} stringified",
        "Took {Elapsed:0.00} ms",
        "Took {Elapsed:0.0} ms at {Time:HH:mm:ss}",
        "Name {Name,10} right",
        "Name {Name,-10} left",
        "Total {Total,-12:N2}",
        "Format with colon {Date:yyyy-MM-dd HH:mm}",
        "Positional {0} and {1}",
        "Positional reversed {1} {0}",
        "Repeated positional {0} {0}",
        "Mixed {0} and {Name}",
        "Escaped {{braces}} and {Real}",
        "{{{Tripled}}}",
        "{{}}",
        "}}{{",
        "Under_score {Snake_case} and {_leading}",
        "Lower {camelCase} and {lower}",
        "Digits {Item2} {_3}",
        "Zero alignment {Name,0}",
        "Dotted {http.method} {a.b.c}",
        "Unicode {Größe} {名前}",
        "Trailing colon {Name:}",
        "Alignment and empty format {Name,5:}",
        "Format with comma {Amount:N2,5}",
        "Format with punctuation {Ratio:0.##%}",
        "Sign format {Delta:+0.0;-0.0}",
        "Hint and format {@Point:l}",
        "Last {A} {B} {C} {D} {E} {F} {G}",
    };

    /// <summary>Templates with defects: our parser must report an error for each.</summary>
    public static readonly string[] Malformed =
    {
        "Unclosed {Name",
        "Unclosed at end {",
        "Stray close } here",
        "Stray close at end }",
        "Empty {} hole",
        "Hint only {@} hole",
        "Stringify only {$} hole",
        "Space in name {First Name}",
        "Padded name { Name }",
        "Dash in name {first-name}",
        "Double hint {@$Name}",
        "Hint at end {Name@}",
        "Nested {Outer{Inner}}",
        "Open inside {A {B}",
        "Close after hole {Name}}",
        "Empty alignment {Name,}",
        "Word alignment {Name,wide}",
        "Double dash {Name,--5}",
        "Negative position {-1}",
        "Empty name with format {:N2}",
        "Empty name with alignment {,5}",
        "Symbol in name {Price$}",
        "Brace pair inside {{Name}",
        "Bracket name {[Name]}",
        "Digit first {3rd}",
        "Leading dot {.x}",
        "Trailing dot {x.}",
        "Double dot {a..b}",
        "Unclosed then hole {A and {B}",
    };

    public static IEnumerable<object[]> Corpus() => WellFormed.Concat(Malformed).Select(t => new object[] { t });

    public static IEnumerable<object[]> WellFormedCorpus() => WellFormed.Select(t => new object[] { t });

    public static IEnumerable<object[]> MalformedCorpus() => Malformed.Select(t => new object[] { t });

    [Theory]
    [MemberData(nameof(WellFormedCorpus))]
    public void Well_formed_templates_have_no_errors(string template)
    {
        Assert.Empty(MessageTemplate.Parse(template, TemplateDialect.Serilog).Errors);
        Assert.Empty(MessageTemplate.Parse(template, TemplateDialect.MicrosoftExtensionsLogging).Errors);
    }

    [Theory]
    [MemberData(nameof(MalformedCorpus))]
    public void Malformed_templates_have_errors_in_both_dialects(string template)
    {
        Assert.NotEmpty(MessageTemplate.Parse(template, TemplateDialect.Serilog).Errors);
        Assert.NotEmpty(MessageTemplate.Parse(template, TemplateDialect.MicrosoftExtensionsLogging).Errors);
    }

    /// <summary>Our holes are exactly Serilog's property tokens, in order: same raw text, names, hints, alignments and formats.</summary>
    [Theory]
    [MemberData(nameof(Corpus))]
    public void Holes_are_Serilogs_property_tokens(string template)
    {
        var ours = MessageTemplate.Parse(template, TemplateDialect.Serilog);
        var theirs = new SerilogParser().Parse(template).Tokens.OfType<SerilogPropertyToken>().ToList();

        Assert.Equal(
            theirs.Select(t => Describe(t.ToString(), t.PropertyName, Hint(t), Alignment(t), t.Format)),
            ours.Holes.Select(h => Describe(template.Substring(h.Start, h.Length), h.Name, h.Hint, h.Alignment, h.Format)));
    }

    /// <summary>Serilog's own positional binding gives the argument count our parser expects.</summary>
    [Theory]
    [MemberData(nameof(WellFormedCorpus))]
    public void Expected_argument_count_matches_Serilogs_binding(string template)
    {
        var ours = MessageTemplate.Parse(template, TemplateDialect.Serilog);
        var theirs = new SerilogParser().Parse(template);
        var theirCount = theirs.Tokens.OfType<SerilogPropertyToken>().All(t => t.IsPositional) && theirs.Tokens.OfType<SerilogPropertyToken>().Any()
            ? theirs.Tokens.OfType<SerilogPropertyToken>().Max(t => int.Parse(t.PropertyName, CultureInfo.InvariantCulture)) + 1
            : theirs.Tokens.OfType<SerilogPropertyToken>().Count();
        Assert.Equal(theirCount, ours.ExpectedArgumentCount(TemplateDialect.Serilog));
    }

    /// <summary>
    /// Microsoft's formatter, given one argument per hole, names the values as our holes' raw names and
    /// renders the text as we read it (escapes, alignment).
    /// </summary>
    [Theory]
    [MemberData(nameof(WellFormedCorpus))]
    public void Microsoft_formatter_binds_and_renders_our_holes(string template)
    {
        var ours = MessageTemplate.Parse(template, TemplateDialect.MicrosoftExtensionsLogging);
        // One extra argument when there are no holes: with none, Microsoft skips formatting (and unescaping).
        var args = Enumerable.Range(0, Math.Max(1, ours.ExpectedArgumentCount(TemplateDialect.MicrosoftExtensionsLogging)))
            .Select(i => (object?)("v" + i)).ToArray();

        var observed = CapturingLogger.Observe(template, args);

        Assert.Null(observed.Failure);
        Assert.Equal(ours.Holes.Select(h => h.RawName), observed.Names);
        Assert.Equal(Render(ours, args), observed.Message);
    }

    /// <summary>Where we report an error, Microsoft's formatter does not read the holes the template seems to have.</summary>
    [Theory]
    [MemberData(nameof(MalformedCorpus))]
    public void Microsoft_formatter_misreads_what_we_report(string template)
    {
        var ours = MessageTemplate.Parse(template, TemplateDialect.MicrosoftExtensionsLogging);
        var args = new object?[] { "v0", "v1", "v2" };

        var observed = CapturingLogger.Observe(template, args);

        var misread = observed.Failure != null
            || observed.Names.Count != ours.Holes.Length + ours.Errors.Count(e => e.Message.Contains("placeholder") || e.Message.Contains("alignment") || e.Message.Contains("name"))
            || observed.Names.Any(n => !MessageTemplate.IsValidName(n.Length > 0 && (n[0] == '@' || n[0] == '$') ? n.Substring(1) : n))
            || observed.Message.Contains('{') || observed.Message.Contains('}');
        Assert.True(misread, $"Microsoft's formatter read '{template}' cleanly as [{string.Join(", ", observed.Names)}] -> '{observed.Message}'");
    }

    [Fact]
    public void Errors_point_at_the_defect()
    {
        var template = MessageTemplate.Parse("Ok {A} bad {B c} end }", TemplateDialect.Serilog);
        Assert.Collection(
            template.Errors,
            e => Assert.Equal((11, 5), (e.Start, e.Length)),
            e => Assert.Equal((21, 1), (e.Start, e.Length)));
        Assert.Single(template.Holes);
    }

    [Fact]
    public void A_brace_in_a_format_is_Serilog_text_but_a_Microsoft_error()
    {
        // Serilog keeps "a{b" as the format; Microsoft's string.Format throws on it.
        Assert.Single(MessageTemplate.Parse("{Z:a{b}", TemplateDialect.Serilog).Holes);
        Assert.Single(new SerilogParser().Parse("{Z:a{b}").Tokens.OfType<SerilogPropertyToken>());
        Assert.NotEmpty(MessageTemplate.Parse("{Z:a{b}", TemplateDialect.MicrosoftExtensionsLogging).Errors);
        Assert.NotNull(CapturingLogger.Observe("{Z:a{b}", new object?[] { 1.5 }).Failure);
    }

    [Fact]
    public void Argument_counts_follow_each_librarys_binding()
    {
        var repeated = MessageTemplate.Parse("{0} {0} {Name} {Name}", TemplateDialect.Serilog);
        Assert.Equal(4, repeated.ExpectedArgumentCount(TemplateDialect.Serilog));
        var positional = MessageTemplate.Parse("{1} {0} {1}", TemplateDialect.Serilog);
        Assert.Equal(2, positional.ExpectedArgumentCount(TemplateDialect.Serilog));
        Assert.Equal(3, positional.ExpectedArgumentCount(TemplateDialect.MicrosoftExtensionsLogging));
    }

    [Fact]
    public void Renaming_keeps_hint_alignment_and_format()
    {
        var template = MessageTemplate.Parse("Total {@total,-8:N2}!", TemplateDialect.Serilog);
        Assert.Equal("Total {@Total,-8:N2}!", template.WithName(template.Holes[0], "Total"));
    }

    private static string Describe(string raw, string name, char? hint, string? alignment, string? format)
        => $"{raw}={hint}{name},{alignment}:{format}";

    private static char? Hint(SerilogPropertyToken token) => token.Destructuring switch
    {
        Serilog.Parsing.Destructuring.Destructure => '@',
        Serilog.Parsing.Destructuring.Stringify => '$',
        _ => null,
    };

    private static string? Alignment(SerilogPropertyToken token) => token.Alignment is { } a
        ? (a.Direction == Serilog.Parsing.AlignmentDirection.Left ? "-" : "") + a.Width.ToString(CultureInfo.InvariantCulture)
        : null;

    /// <summary>What the template says when its holes hold string values: escapes undone, alignment applied.</summary>
    private static string Render(MessageTemplate template, object?[] args)
    {
        var text = template.Text;
        if (template.Holes.IsEmpty)
        {
            // Microsoft's formatter leaves a template without holes as it is, "{{" included.
            return text;
        }

        var result = new System.Text.StringBuilder();
        var next = 0;
        var i = 0;
        while (i < text.Length)
        {
            var hole = template.Holes.FirstOrDefault(h => h.Start == i);
            if (hole != null)
            {
                var value = (string)args[next++]!;
                if (hole.Alignment != null)
                {
                    var width = int.Parse(hole.Alignment, CultureInfo.InvariantCulture);
                    value = width < 0 ? value.PadRight(-width) : value.PadLeft(width);
                }

                result.Append(value);
                i += hole.Length;
            }
            else if ((text[i] == '{' || text[i] == '}') && i + 1 < text.Length && text[i + 1] == text[i])
            {
                result.Append(text[i]);
                i += 2;
            }
            else
            {
                result.Append(text[i++]);
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// LoggerMessage.Define throws when its type arguments differ from the values Microsoft's formatter counts, or
    /// when we report an error that breaks the format, which OPS201/OPS202 state in their message: checked against
    /// Define itself (Microsoft.Extensions.Logging 8 on .NET 10) over the whole corpus.
    /// </summary>
    [Theory]
    [MemberData(nameof(Corpus))]
    [InlineData("{One} {}")]
    [InlineData("{{{A}}} {B}}")]
    public void Microsoft_value_count_is_what_LoggerMessage_Define_binds(string template)
    {
        var count = MessageTemplate.MicrosoftValueCount(template);
        if (count >= 6)
        {
            return; // Define has overloads up to six type arguments.
        }

        var breaks = MessageTemplate.Parse(template, TemplateDialect.MicrosoftExtensionsLogging).Errors.Any(e => e.BreaksFormat);
        var exception = Record.Exception(() => DefineWith(count, template));
        Assert.True(breaks == (exception != null), $"breaks format: {breaks}, Define: {exception?.Message}");
        Assert.NotNull(Record.Exception(() => DefineWith(count + 1, template)));
        if (count > 0)
        {
            Assert.NotNull(Record.Exception(() => DefineWith(count - 1, template)));
        }
    }

    private static void DefineWith(int typeArguments, string template)
    {
        var name = typeArguments == 0 ? nameof(LoggerMessage.Define) : nameof(LoggerMessage.Define) + "`" + typeArguments;
        var define = typeof(LoggerMessage).GetMethods().Single(m => m.Name == "Define" && m.GetGenericArguments().Length == typeArguments
            && m.GetParameters().Length == 3);
        var method = typeArguments == 0 ? define : define.MakeGenericMethod(Enumerable.Repeat(typeof(int), typeArguments).ToArray());
        try
        {
            method.Invoke(null, new object[] { LogLevel.Information, new EventId(1), template });
        }
        catch (System.Reflection.TargetInvocationException e)
        {
            throw e.InnerException!;
        }
    }

    /// <summary>Serilog's own binding keeps the arguments our positional binding says are used, and drops the others.</summary>
    [Theory]
    [InlineData("{1}", 2)]
    [InlineData("{0} and {2}", 3)]
    [InlineData("{1} {0}", 2)]
    [InlineData("{0} {0}", 1)]
    [InlineData("{2}", 1)]
    public void Positional_binding_is_Serilogs(string template, int passed)
    {
        var values = Enumerable.Range(0, passed).Select(i => (object)("v" + i)).ToArray();
        new Serilog.LoggerConfiguration().CreateLogger().BindMessageTemplate(template, values, out _, out var properties);
        var (unbound, unused) = MessageTemplate.Parse(template, TemplateDialect.Serilog).PositionalBinding(passed);

        var kept = properties!.Select(p => p.Value.ToString().Trim('"')).OrderBy(v => v, StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, passed).Except(unused).Select(i => "v" + i), kept);
        Assert.Equal(
            MessageTemplate.Parse(template, TemplateDialect.Serilog).Holes.Where(h => h.Position >= passed).Select(h => h.Name).Distinct(),
            unbound.Select(h => h.Name));
    }

    /// <summary>A logger that records the structured values and the rendered message Microsoft's formatter produced.</summary>
    private sealed class CapturingLogger : ILogger
    {
        public List<string> Names { get; } = new();

        public string Message { get; private set; } = "";

        public Exception? Failure { get; private set; }

        public static CapturingLogger Observe(string template, object?[] args)
        {
            var logger = new CapturingLogger();
            try
            {
                logger.LogInformation(template, args);
            }
            catch (Exception e)
            {
                logger.Failure = e;
            }

            return logger;
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                Names.AddRange(values.Select(v => v.Key).Where(k => k != "{OriginalFormat}"));
            }

            Message = formatter(state, exception);
        }
    }
}
