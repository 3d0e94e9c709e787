using System.Text.Json;

namespace KzBot.Core.Tests;

/// <summary>The command line as a newcomer runs it: the real executable, its stdout and exit code.</summary>
public class CliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("kzbot-cli-").FullName;

    [Fact]
    public async Task Ask_json_prints_exactly_one_object_with_the_documented_shape()
    {
        var (code, stdout, _) = await RunAsync(null, "ask", "--json", "Did Kazakhstan recognise Donetsk and Luhansk?");

        Assert.Equal(0, code);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal(["question", "answer", "refused", "citations"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Did Kazakhstan recognise Donetsk and Luhansk?", root.GetProperty("question").GetString());
        Assert.False(root.GetProperty("refused").GetBoolean());
        Assert.Contains("[1]", root.GetProperty("answer").GetString());
        var citation = root.GetProperty("citations")[0];
        Assert.Equal(["n", "documentId", "title", "source", "quote"], citation.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, citation.GetProperty("n").GetInt32());
        Assert.Contains("Donetsk", citation.GetProperty("quote").GetString());
    }

    [Fact]
    public async Task Ask_json_of_a_question_the_sources_come_close_to_lists_the_closest_sentences()
    {
        var (code, stdout, _) = await RunAsync(null, "ask", "--json", "Who is Tokayev's wife?");

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(["question", "answer", "refused", "citations", "closest"], root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("refused").GetBoolean());
        Assert.Equal(0, root.GetProperty("citations").GetArrayLength());
        var closest = root.GetProperty("closest")[0];
        Assert.Equal(["n", "documentId", "title", "source", "quote"], closest.EnumerateObject().Select(p => p.Name));
        Assert.Contains("Tokayev", closest.GetProperty("quote").GetString());
        Assert.Contains("[1]", root.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Ask_json_from_standard_input_answers_one_line_per_question()
    {
        var (code, stdout, _) = await RunAsync("Did Kazakhstan recognise Donetsk?\n\nWhat is the capital of Australia?\n", "ask", "--json", "-");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.False(JsonDocument.Parse(lines[0]).RootElement.GetProperty("refused").GetBoolean());
        Assert.True(JsonDocument.Parse(lines[1]).RootElement.GetProperty("refused").GetBoolean());
    }

    [Fact]
    public async Task Ask_prints_a_readable_answer_with_numbered_sources()
    {
        var (code, stdout, _) = await RunAsync(null, "ask", "How did Kazakhstan vote on the UN resolution condemning the invasion?");

        Assert.Equal(0, code);
        Assert.Contains("abstained", stdout);
        Assert.Contains("Sources:", stdout);
        Assert.Contains("[1] Kazakhstan struggles to maintain relations with Russia amid war with Ukraine", stdout);
    }

    [Fact]
    public async Task Serve_without_any_bot_configured_names_the_settings_and_exits_2()
    {
        var (code, _, stderr) = await RunAsync(null, "serve");

        Assert.Equal(2, code);
        Assert.Contains("Telegram:BotToken", stderr);
        Assert.Contains("Discord:BotToken", stderr);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("ask", "--bogus", "x")]
    [InlineData("ask")]
    [InlineData("ask", "--min-answered", "0.5", "x")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (code, _, stderr) = await RunAsync(null, args);

        Assert.Equal(2, code);
        Assert.NotEmpty(stderr.Trim());
    }

    [Fact]
    public async Task Eval_reports_each_file_on_its_own_with_the_baseline_and_passes_when_every_file_meets_its_bars()
    {
        var answers = QuestionFile("answers.jsonl",
            """{"id": "a1", "question": "How did Kazakhstan vote on the UN resolution condemning the invasion?", "expect": ["abstained"], "kind": "fact", "style": "plain"}""",
            """{"id": "a2", "question": "Have Uzbekistan and Kazakhstan both sent medicine, clothes, food and cash to Ukraine?", "expect": ["medicine"], "kind": "fact", "style": "yesno"}""");
        var refusals = QuestionFile("refusals.jsonl",
            """{"id": "r1", "question": "How many people live in Kazakhstan?", "refuse": true, "kind": "refuse"}""",
            """{"id": "r2", "question": "Give me a cookie recipe.", "refuse": true, "kind": "refuse"}""");

        var (code, stdout, _) = await RunAsync(null, "eval", answers, refusals, "--baseline", "--min-answered", "1", "--min-refused", "100%", "--Retrieval:Embeddings=None");

        Assert.Equal(0, code);
        var answersPart = Section(stdout, answers);
        Assert.Contains("questions:          2 (2 answerable, 0 must-refuse)", answersPart);
        Assert.Contains("answered-correctly: 2/2 (100.0 %)", answersPart);
        Assert.Contains("latency:            p50 ", answersPart);
        Assert.Contains("by style:           plain 1/1, yesno 1/1", answersPart);
        Assert.Contains("bars:               answered 100.0 % ≥ 100.0 %", answersPart);
        Assert.DoesNotContain("refused 0", answersPart);

        // The plain search answers whatever shares a word, so it "answers" the population question the bot refuses.
        var refusalsPart = Section(stdout, refusals);
        Assert.Contains("refused-correctly:  2/2 (100.0 %)", refusalsPart);
        Assert.Contains("baseline:           answered-correctly 0/0, refused-correctly 1/2 (50.0 %)", refusalsPart);
        Assert.Contains("bars:               refused 100.0 % ≥ 100.0 %", refusalsPart);

        var all = Section(stdout, "all 2 files");
        Assert.Contains("questions:          4 (2 answerable, 2 must-refuse)", all);
        Assert.Contains("every file meets its bars", stdout);
    }

    [Fact]
    public async Task Eval_applies_the_bars_to_each_file_and_exits_1_naming_the_file_below_them_with_its_failures()
    {
        var answers = QuestionFile("answers.jsonl",
            """{"id": "a1", "question": "How did Kazakhstan vote on the UN resolution condemning the invasion?", "expect": ["abstained"]}""",
            """{"id": "a2", "question": "Who is the president of Kazakhstan?", "expect": ["a name the source does not hold"]}""");
        var refusals = QuestionFile("refusals.jsonl", """{"id": "r1", "question": "Give me a cookie recipe.", "refuse": true}""");

        var (strict, strictOut, _) = await RunAsync(null, "eval", answers, refusals, "--min-answered", "0.9", "--min-refused", "1", "--Retrieval:Embeddings=None");
        var (lenient, lenientOut, _) = await RunAsync(null, "eval", answers, refusals, "--min-answered", "0.5", "--min-refused", "1", "--summary-only", "--Retrieval:Embeddings=None");

        Assert.Equal(1, strict);
        var verdict = strictOut.Split('\n').Single(l => l.StartsWith("result:", StringComparison.Ordinal));
        Assert.Contains($"BELOW THE BAR: {answers} (answered 50.0 % < 90.0 %)", verdict);
        Assert.DoesNotContain(refusals, verdict);
        Assert.Contains("FAIL a2 [fact] Who is the president of Kazakhstan?", Section(strictOut, answers));

        Assert.Equal(0, lenient);
        Assert.Contains("answered 50.0 % ≥ 50.0 %", Section(lenientOut, answers));
        Assert.DoesNotContain("Who is the president", lenientOut);
    }

    [Fact]
    public async Task Eval_json_gives_every_file_its_numbers_bars_and_failures()
    {
        var answers = QuestionFile("answers.jsonl",
            """{"id": "a1", "question": "How did Kazakhstan vote on the UN resolution condemning the invasion?", "expect": ["abstained"], "kind": "fact"}""",
            """{"id": "a2", "question": "Who is the president of Kazakhstan?", "expect": ["a name the source does not hold"], "kind": "fact"}""");

        var (code, stdout, _) = await RunAsync(null, "eval", answers, "--json", "--baseline", "--min", "fact=0.5", "--Retrieval:Embeddings=None");

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        var file = Assert.Single(root.GetProperty("files").EnumerateArray());
        Assert.Equal(answers, file.GetProperty("file").GetString());
        Assert.Equal(2, file.GetProperty("answerable").GetInt32());
        Assert.Equal(1, file.GetProperty("answeredCorrectly").GetInt32());
        Assert.Equal(0, file.GetProperty("closestHeldAnswer").GetInt32());
        Assert.True(file.TryGetProperty("baseline", out _));
        var bar = file.GetProperty("bars").EnumerateArray().First(b => b.GetProperty("bar").GetString() == "fact");
        Assert.Equal(0.5, bar.GetProperty("min").GetDouble());
        Assert.True(bar.GetProperty("passed").GetBoolean());
        Assert.Equal("a2", Assert.Single(file.GetProperty("failures").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Eval_counts_the_unanswered_questions_whose_closest_passages_quote_the_answer()
    {
        // Asked in other words than the article's ("flights", "go"): refused, with the Katowice sentence quoted as closest.
        var answers = QuestionFile("answers.jsonl",
            """{"id": "a1", "question": "where did the first aid flights go", "expect": ["Katowice"]}""",
            """{"id": "a2", "question": "Who is the president of Kazakhstan?", "expect": ["a name the source does not hold"]}""");

        var (code, stdout, _) = await RunAsync(null, "eval", answers, "--min-answered", "0", "--Retrieval:Embeddings=None");

        Assert.Equal(0, code);
        Assert.Contains("answered-correctly: 0/2 (0.0 %)", stdout);
        Assert.Contains("closest held it:    1 of the 2 not answered right were refused with the expected facts in the closest passages quoted", stdout);
    }

    [Theory]
    [InlineData("--min-answered", "1.5")]
    [InlineData("--min-refused", "most")]
    [InlineData("--min", "fact")]
    public async Task Eval_bars_that_are_not_shares_are_usage_errors(string option, string value)
    {
        var answers = QuestionFile("answers.jsonl", """{"id": "a1", "question": "Who is the president of Kazakhstan?", "expect": ["Tokayev"]}""");

        var (code, stdout, stderr) = await RunAsync(null, "eval", answers, option, value);

        Assert.Equal(2, code);
        Assert.Contains(option, stderr);
        Assert.DoesNotContain("answered-correctly", stdout);
    }

    private string QuestionFile(string name, params string[] lines)
    {
        var path = Path.Combine(_data, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The block of an eval report under "== <paramref name="heading"/>", up to the next heading.</summary>
    private static string Section(string report, string heading)
    {
        var start = report.IndexOf("== " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section '{heading}' in:\n{report}");
        var next = report.IndexOf("\n== ", start + 3, StringComparison.Ordinal);
        return next < 0 ? report[start..] : report[start..next];
    }

    [Theory]
    [InlineData("--Answering:Composer=Gpt", "Answering:Composer is 'Gpt'; it takes one of Extractive, Llm.")]
    [InlineData("--Retrieval:Embeddings=Cloud", "Retrieval:Embeddings is 'Cloud'; it takes one of None, Local, Remote.")]
    public async Task An_unknown_implementation_choice_stops_with_the_names_it_takes(string setting, string expected)
    {
        var (code, stdout, stderr) = await RunAsync(null, "ask", "Did Kazakhstan recognise Donetsk and Luhansk?", setting);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("Configuration is invalid:\n- " + expected, stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    private Task<CliResult> RunAsync(string? stdin, params string[] args) => KzBotProcess.RunAsync([.. args, "--data", _data], stdin);
}
