using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Configuration;

/// <summary>Registers settings types so a host checks them all at start-up.</summary>
public static class SettingsRegistration
{
    /// <summary>
    /// Settings checked when the host starts: through the generic host's start-up validation, or — in a composition
    /// without a host that reads every setting itself as it is built (a Lambda trigger, <c>invoke</c>) — by that
    /// composition, where the host's hook would never run and costs a run-time generic lookup per settings type on a
    /// NativeAOT cold start. Built as <see cref="ResolvedClosed{T}"/>.
    /// </summary>
    public static OptionsBuilder<T> CheckedAtStart<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
        this OptionsBuilder<T> builder)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Has<SettingsCheckedByComposition>())
        {
            builder.ValidateOnStart();
        }

        return builder.ResolvedClosed();
    }

    /// <summary>Whether <typeparamref name="TService"/> is registered: how settings bound once however many projects ask
    /// for them tell that they already are (a list bound twice would double).</summary>
    public static bool Has<TService>(this IServiceCollection services) =>
        services.Any(descriptor => descriptor.ServiceType == typeof(TService));

    /// <summary>
    /// <c>IOptions&lt;T&gt;</c> registered for this one type, built by a factory. Through the options system's open
    /// generic it costs a runtime type load and constructor reflection per settings type on a NativeAOT cold start
    /// (most of what reading the settings took; docs/benchmarks.md). Configure, post-configure and validation are
    /// unchanged: the same registrations are read.
    /// </summary>
    public static OptionsBuilder<T> ResolvedClosed<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
        this OptionsBuilder<T> builder)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IOptions<T>>(provider => new OptionsManager<T>(new OptionsFactory<T>(
            provider.GetServices<IConfigureOptions<T>>(),
            provider.GetServices<IPostConfigureOptions<T>>(),
            provider.GetServices<IValidateOptions<T>>())));
        return builder;
    }
}
