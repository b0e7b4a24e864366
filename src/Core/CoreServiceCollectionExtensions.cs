using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Validation;

namespace SfCognitoSso.Core;

/// <summary>Registers Core: the flows, their validation and policy, the trusted orgs.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The four flows, their validation and policy. Adapters add the ports (<see cref="ISessionValidator"/>,
    /// <see cref="Directory.IIdentityDirectory"/>); a host adds what it drives them with.
    /// </summary>
    public static IServiceCollection AddSfCognitoSsoCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<ChallengeOptions>().Bind(configuration.GetSection(ChallengeOptions.Section)).CheckedAtStart();
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.Section)).CheckedAtStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChallengeOptions>, ChallengeOptionsValidator>());

        services.TryAddSingleton<IChallengePolicy, AttemptLimitPolicy>();
        services.AddTrustedOrgs(configuration);
        services.TryAddSingleton<IdentityAcceptance>();
        services.TryAddSingleton<SessionAuthenticator>();
        services.TryAddSingleton<AccessTokenSignIn>();
        services.TryAddSingleton<UserProvisioning>();
        services.TryAddSingleton<SignOut.ILinkedUsers, SignOut.InProcessLinkedUsers>();

        services.TryAddSingleton<SalesforceSessionRules>();
        services.TryAddSingleton<IValidator<ValidateSession>, ValidateSessionRules>();
        services.TryAddSingleton<IValidator<VerifyAuthChallenge>, VerifyAuthChallengeRules>();
        services.TryAddSingleton<IValidator<DefineAuthChallenge>, DefineAuthChallengeRules>();
        services.TryAddSingleton<IValidator<CreateAuthChallenge>, CreateAuthChallengeRules>();

        services.AddMediator(options =>
        {
            // Transient: a host that runs one flow (a Lambda trigger) builds only that flow's handler and ports.
            options.ServiceLifetime = ServiceLifetime.Transient;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
        });
        return services;
    }

    /// <summary>The trusted-org table (<c>Salesforce__Orgs__N__…</c>), bound and validated once however many
    /// projects ask for it (Core's flows and the Salesforce adapter both need it).</summary>
    public static IServiceCollection AddTrustedOrgs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Has<TrustedOrgs>())
        {
            return services;
        }

        services.AddOptions<TrustedOrgsOptions>().Bind(configuration.GetSection(TrustedOrgsOptions.Section)).CheckedAtStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustedOrgsOptions>, TrustedOrgsOptionsValidator>());
        services.AddSingleton<TrustedOrgs>();
        services.TryAddSingleton<CanvasRequests>();
        return services;
    }
}
