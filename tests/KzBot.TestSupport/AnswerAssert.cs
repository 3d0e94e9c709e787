using KzBot.Core.Answering;
using KzBot.Core.Chat;
using Xunit;

namespace KzBot.TestSupport;

/// <summary>What a user needs from an answer to a fact question: an answer, not a refusal, that states the fact and cites a passage quoting it.</summary>
public static class AnswerAssert
{
    public static Answer StatesAndCites(EngineReply reply, string fact)
    {
        Assert.Equal(ReplyKind.Answer, reply.Kind);
        var answer = reply.Answer!;
        Assert.False(answer.Refused, answer.Text);
        Assert.Contains(fact, answer.Text);
        Assert.Contains(answer.Citations, c => c.Quote.Contains(fact, StringComparison.Ordinal));
        return answer;
    }
}
