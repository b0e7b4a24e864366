namespace SfCognitoSso.Core;

/// <summary>A flow result that can carry a <see cref="Failure"/>; lets one pipeline behavior refuse any flow.</summary>
public interface IFlowResult<TSelf>
    where TSelf : IFlowResult<TSelf>
{
    Failure? Failure { get; }

    static abstract TSelf Refused(Failure failure);
}
