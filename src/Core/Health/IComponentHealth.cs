namespace SfCognitoSso.Core.Health;

/// <summary>A part of the deployment that can be working yet not well (single sign-out whose subscription is down,
/// whose events are parked, or whose directory refuses sign-outs): reported by the validator's health endpoint.</summary>
public interface IComponentHealth
{
    /// <summary>The component's state now.</summary>
    ComponentStatus Status();
}

/// <summary>One component's state, as <c>/healthz</c> reports it.</summary>
/// <param name="Degraded">True when the component is not well.</param>
/// <param name="Name">Stable, for the health answer's <c>checks</c> (e.g. <c>singleSignOut</c>).</param>
/// <param name="Detail">Why it is degraded, for an operator: no secret, no user data beyond counts.</param>
public sealed record ComponentStatus(string Name, bool Degraded, string? Detail = null);
