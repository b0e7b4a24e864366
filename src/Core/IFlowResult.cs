namespace SfCognitoSso.Core;

/// <summary>A flow result that can carry a <see cref="Refusal"/>; lets one pipeline behavior refuse any flow.</summary>
internal interface IFlowResult<TSelf>
    where TSelf : IFlowResult<TSelf>
{
    Refusal? Refusal { get; }

    static abstract TSelf Refused(Refusal failure);
}
