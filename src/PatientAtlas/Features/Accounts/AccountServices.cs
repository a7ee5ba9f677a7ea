using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts;

public static class AccountServices
{
    /// <summary>Sign-up, sign-in, "forgot password", resets and codes: per client address (see <see cref="AccountOptions"/>).</summary>
    public const string DoorRateLimit = "doors";

    /// <summary>Every write a member makes, on the site or through the API: per account (per address when anonymous).</summary>
    public const string WriteRateLimit = "writes";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection(AccountOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var accounts = configuration.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new AccountOptions();

        services.AddIdentity<Member, Microsoft.AspNetCore.Identity.IdentityRole<int>>(o =>
            {
                // NIST SP 800-63B: length, no composition rules, a list of common passwords (CommonPasswords).
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = accounts.LockoutFailures;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(accounts.LockoutMinutes);
                // The user name is the pseudonym; its rules are PseudonymValidator's (any script's letters).
                o.User.AllowedUserNameCharacters = "";
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Tokens.PasswordResetTokenProvider = PasswordResetTokens.ProviderName;
            })
            .AddEntityFrameworkStores<AtlasDb>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokens>(PasswordResetTokens.ProviderName)
            .AddUserValidator<PseudonymValidator>()
            .AddPasswordValidator<CommonPasswords>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(accounts.ConfirmLinkDays));
        services.Configure<PasswordResetTokenOptions>(o =>
        {
            o.Name = PasswordResetTokens.ProviderName;
            o.TokenLifespan = TimeSpan.FromHours(accounts.ResetLinkHours);
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            // Keep naming the session when Identity rebuilds the principal from the database.
            if (SessionEnding.CurrentKey(context.CurrentPrincipal!) is { } key && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
            {
                identity.AddClaim(new System.Security.Claims.Claim(SessionEnding.KeyClaim, key));
            }
            return Task.CompletedTask;
        });

        services.AddHttpContextAccessor();
        services.AddSingleton<MemberSessionStore>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "atlas.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromDays(accounts.SessionDays);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.Events.OnRedirectToLogin = context => Redirect(context, StatusCodes.Status401Unauthorized);
            // Not allowed: a 403, which the error pages (or problem+json on the API) explain; no redirect to a page that would say less.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<MemberSessionStore, Microsoft.Extensions.Hosting.IHostEnvironment>((o, store, environment) =>
            {
                o.SessionStore = store;
                o.Cookie.SecurePolicy = Secure(accounts, environment);
            });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme)
            .Configure<Microsoft.Extensions.Hosting.IHostEnvironment>((o, environment) =>
            {
                o.Cookie.Name = "atlas.2fa";
                o.Cookie.SecurePolicy = Secure(accounts, environment);
            });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme)
            .Configure<Microsoft.Extensions.Hosting.IHostEnvironment>((o, environment) =>
            {
                o.Cookie.Name = "atlas.2fa-remember";
                o.Cookie.SecurePolicy = Secure(accounts, environment);
            });

        // Every other cookie (antiforgery's first) travels like the session cookies: only over HTTPS wherever they do.
        // Through the cookie policy rather than AntiforgeryOptions, which would refuse to render a form over plain HTTP.
        services.AddOptions<CookiePolicyOptions>().Configure<Microsoft.Extensions.Hosting.IHostEnvironment>((o, environment) => o.Secure = Secure(accounts, environment));
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        Tokens.RequestAuthentication.Add(services);
        services.Configure<Microsoft.AspNetCore.Authorization.AuthorizationOptions>(RolePolicies.Add);
        services.AddMemberWrites();
        services.AddMemberDataPart<Tokens.TokensDataPart>();
        services.AddMemberDataPart<Security.SignInFailuresPart>();
        services.AddSingleton<MailSender>();
        services.AddScoped<AccountMail>();
        services.AddScoped<RoleChanges>();
        services.AddSingleton<MailThrottle>();
        services.AddSingleton<SignUpThrottle>();
        services.AddScoped<Security.SignInFailures>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountOptions>>((o, options) =>
        {
            o.AddPolicy(DoorRateLimit, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.DoorRequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(WriteRateLimit, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetFixedWindowLimiter(
                    WebPlatform.MemberOrAddress(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.WritesPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return services;
    }

    private static CookieSecurePolicy Secure(AccountOptions options, Microsoft.Extensions.Hosting.IHostEnvironment environment) =>
        options.SecureCookies ?? !environment.IsDevelopment() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (WebPlatform.IsApi(context.HttpContext))
        {
            context.Response.StatusCode = apiStatus;
            return Task.CompletedTask;
        }
        // Send a reader of /es/… to the Spanish sign-in page, keeping where they were going.
        var target = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute);
        var path = target.IsAbsoluteUri ? target.PathAndQuery : context.RedirectUri;
        var language = Languages.FromPath(context.Request.Path);
        context.Response.Redirect(Languages.In(language, path));
        return Task.CompletedTask;
    }
}

/// <summary>Password-reset links live hours, not the days a confirmation link lives.</summary>
public sealed class PasswordResetTokens(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection,
    IOptions<PasswordResetTokenOptions> options,
    ILogger<DataProtectorTokenProvider<Member>> logger) : DataProtectorTokenProvider<Member>(protection, options, logger)
{
    public const string ProviderName = "PasswordReset";
}

public sealed class PasswordResetTokenOptions : DataProtectionTokenProviderOptions;

/// <summary>How many messages one address received in the last hour (per node), so nobody can mail-bomb a stranger.</summary>
public sealed class MailThrottle(IOptions<AccountOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.MailsPerAddressPerHour,
            Window = TimeSpan.FromHours(1),
        }));

    public bool TryTake(string normalizedAddress)
    {
        using var lease = limiter.AttemptAcquire(normalizedAddress);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
