namespace K2hr3.Osnl.Worker.Processing;

/// <summary>The pipeline's verdict for one message.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Detail">Why, for the one log line of a bad message (never payload contents or context secrets).</param>
/// <param name="Cuk">The instance id when one was extracted.</param>
/// <param name="Api">The API call's result when a call was made.</param>
/// <param name="MessageId">oslo's <c>message_id</c> when the message decoded.</param>
/// <param name="UniqueId">oslo's <c>_unique_id</c>, remembered for duplicate detection once the message is settled for good.</param>
public sealed record ProcessingResult(
    MessageOutcome Outcome,
    string? Detail = null,
    string? Cuk = null,
    ApiCallResult? Api = null,
    string? MessageId = null,
    string? UniqueId = null)
{
    /// <summary>The lower-case outcome name used in logs, span tags and metric tags.</summary>
    public string OutcomeName => OutcomePolicy.NameOf(Outcome);
}
