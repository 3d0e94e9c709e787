namespace KzBot.Core.Answering;

/// <summary>A platform-neutral answer. <see cref="Text"/> carries <c>[n]</c> markers that point into <see cref="Citations"/>.</summary>
public sealed record Answer(
    string Id,
    string Question,
    string Text,
    bool Refused,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<string> FollowUps,
    string? Note = null)
{
    public static Answer Refusal(string id, string question, string text, IReadOnlyList<string>? followUps = null, string? note = null) =>
        new(id, question, text, true, [], followUps ?? [], note);
}

/// <summary>One numbered source: <see cref="Quote"/> is an exact substring of the indexed document text at [<see cref="Start"/>, <see cref="End"/>).</summary>
public sealed record Citation(
    int N,
    string DocumentId,
    string Title,
    string Source,
    string Quote,
    string ChunkId,
    int Start,
    int End,
    string? Url = null);
