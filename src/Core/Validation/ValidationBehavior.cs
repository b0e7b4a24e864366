using FluentValidation;
using Mediator;

namespace SfCognitoSso.Core.Validation;

/// <summary>Runs the message's validator before its handler; invalid input becomes a refusal result, not an
/// exception, and the handler (with its outbound calls) never runs.</summary>
internal sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
    where TResponse : IFlowResult<TResponse>
{
    private readonly IValidator<TMessage>[] validators = [.. validators];

    public ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        foreach (var validator in validators)
        {
            var result = validator.Validate(message);
            if (!result.IsValid)
            {
                return ValueTask.FromResult(TResponse.Refused(Refusal.InvalidRequest(result.Errors[0].ErrorMessage)));
            }
        }

        return next(message, cancellationToken);
    }
}
