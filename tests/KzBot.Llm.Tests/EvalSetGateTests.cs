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
            .Select(e => (Question: e.GetProperty("question").GetString()!, Refuse: e.TryGetProperty("refuse", out var r) && r.GetBoolean()))
            .ToList();

        var refusedWithoutCall = 0;
        var answeredWithOneCall = 0;
        foreach (var (question, refuse) in cases)
        {
            var before = fake.Requests.Count;
            var answer = await host.AskAsync(question, chat: Guid.NewGuid().ToString());
            var calls = fake.Requests.Count - before;
            if (refuse && answer.Refused && calls == 0)
            {
                refusedWithoutCall++;
            }
            else if (!refuse && !answer.Refused && calls == 1)
            {
                answeredWithOneCall++;
            }
        }

        Assert.Equal(16, cases.Count(c => c.Refuse));
        Assert.Equal(16, refusedWithoutCall);

        // The extractive eval answers 43 of 44; the gate is the same, so at least as many reach the model.
        Assert.True(answeredWithOneCall >= 43, $"{answeredWithOneCall} of {cases.Count(c => !c.Refuse)} answerable questions reached the model once");
    }
}
