using System.Text.Json;

namespace KzBot.Llm.Tests;

/// <summary>The evaluation set through the LLM composer: the retrieval gate alone must keep every must-refuse question away from the model.</summary>
public sealed class EvalSetGateTests
{
    [Fact]
    public async Task Every_must_refuse_question_is_refused_without_a_model_call_and_every_answerable_one_costs_one_call()
    {
        await using var fake = await FakeOpenAi.StartAsync();
        fake.Responder = r => FakeReply.Text($"From the sources [{Passages.In(r)[0].Id}].");
        await using var host = await LlmTestHost.StartAsync(fake.Endpoint);
        var cases = File.ReadLines(Path.Combine(Repo.Root, "tests", "eval", "questions.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Question: e.GetProperty("question").GetString()!, Refuse: e.TryGetProperty("refuse", out var r) && r.GetBoolean(), Kind: e.TryGetProperty("kind", out var k) ? k.GetString() : null))
            .ToList();

        var refusedWithoutCall = 0;
        var answeredWithOneCall = 0;
        foreach (var (question, refuse, kind) in cases)
        {
            var before = fake.Requests.Count;
            var answer = await host.AskAsync(question, chat: Guid.NewGuid().ToString());
            var calls = fake.Requests.Count - before;
            if (refuse && answer.Refused && calls == 0)
            {
                refusedWithoutCall++;
            }
            else if (kind == "fact" && !answer.Refused && calls == 1)
            {
                answeredWithOneCall++;
            }
        }

        Assert.True(cases.Count(c => c.Refuse) >= 16);
        Assert.Equal(cases.Count(c => c.Refuse), refusedWithoutCall);

        // The extractive eval answers 40 of 44 fact questions; the gate is the same, so at least as many reach the model.
        // Paraphrases are left out: without embeddings (as here) BM25 is expected to miss them.
        Assert.True(answeredWithOneCall >= 40, $"{answeredWithOneCall} of {cases.Count(c => c.Kind == "fact")} fact questions reached the model once");
    }
}
