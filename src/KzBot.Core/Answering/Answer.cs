namespace KzBot.Core.Answering;

/// <summary>
/// A platform-neutral answer, one of three kinds: an answer (<see cref="Refused"/> false; <see cref="Text"/>'s
/// <c>[n]</c> markers point into <see cref="Citations"/>); the closest passages (refused, because the sources do
/// not answer it directly, but <see cref="Closest"/> quotes the related sentences found, and the markers point
/// there); or a refusal (nothing related found).
/// </summary>
public sealed record Answer(
    string Id,
    string Question,
    string Text,
    bool Refused,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<string> FollowUps,
    string? Note = null,
    IReadOnlyList<Citation>? Closest = null)
{
    /// <summary>The numbered sources <see cref="Text"/> refers to: the citations of an answer, or the closest passages of a refusal.</summary>
    public IReadOnlyList<Citation> Sources => Citations.Count > 0 ? Citations : Closest ?? [];

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
