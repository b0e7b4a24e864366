using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Configuration;

public static class SettingsRegistration
{
    /// <summary>
    /// <c>IOptions&lt;T&gt;</c> registered for this one type, built by a factory. Through the options system's open
    /// generic it costs a runtime type load and constructor reflection per settings type on a NativeAOT cold start
    /// (about 0.4 ms each, most of what reading the settings took). Configure, post-configure and validation are
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
