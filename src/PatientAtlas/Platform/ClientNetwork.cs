using System.Net;
using System.Net.Sockets;

namespace PatientAtlas.Platform;

/// <summary>
/// The network a client calls from: its IPv4 /24 or IPv6 /64. One household, office or hosting customer usually holds a
/// whole one, so a limit per network is what one party cannot multiply by taking the next address.
/// </summary>
public static class ClientNetwork
{
    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var prefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 64 : 24;
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return $"{new IPAddress(bytes)}/{prefix}";
    }
}
