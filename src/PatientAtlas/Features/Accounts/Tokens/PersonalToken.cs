using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PatientAtlas.Features.Accounts.Tokens;

public enum TokenScope
{
    /// <summary>Reads what the member can read (their own data included).</summary>
    Read = 1,

    /// <summary>Also does what the member can do (add a relation, later share, vote, flag).</summary>
    Write = 2,
}

/// <summary>
/// A personal access token for the API. Only its SHA-256 is stored (a token is 256 random bits, so a fast hash is
/// enough: nobody can guess one to match); the member sees the token once, when it is made.
/// </summary>
public sealed class PersonalToken
{
    public const string Prefix = "pat_";

    public int Id { get; set; }
    public int MemberId { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the token, so that the member can tell their tokens apart.</summary>
    public required string Hint { get; set; }

    public required byte[] Hash { get; set; }
    public TokenScope Scope { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    /// <summary>A new random token: the text to show once, and its hash to keep.</summary>
    public static (string Token, byte[] Hash) Generate()
    {
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, HashOf(token));
    }

    public static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

public sealed class PersonalTokenConfiguration : IEntityTypeConfiguration<PersonalToken>
{
    public void Configure(EntityTypeBuilder<PersonalToken> builder)
    {
        builder.ToTable("PersonalTokens");
        builder.Property(t => t.Name).HasMaxLength(PersonalTokens.MaxNameLength);
        builder.Property(t => t.Hint).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(32);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.MemberId);
        builder.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
