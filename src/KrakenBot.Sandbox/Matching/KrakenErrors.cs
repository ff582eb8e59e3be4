namespace KrakenBot.Sandbox.Matching;

/// <summary>Kraken's error strings, exactly as the live API sends them (API.md §7).</summary>
internal static class KrakenErrors
{
    public const string InvalidArguments = "EGeneral:Invalid arguments";
    public const string PermissionDenied = "EGeneral:Permission denied";
    public const string UnknownMethod = "EGeneral:Unknown method";
    public const string InternalError = "EGeneral:Internal error";
    public const string InvalidKey = "EAPI:Invalid key";
    public const string InvalidSignature = "EAPI:Invalid signature";
    public const string InvalidNonce = "EAPI:Invalid nonce";
    public const string ApiRateLimit = "EAPI:Rate limit exceeded";
    public const string InvalidToken = "EAPI:Invalid token";
    public const string UnknownAssetPair = "EQuery:Unknown asset pair";
    public const string UnknownAsset = "EQuery:Unknown asset";
    public const string ServiceUnavailable = "EService:Unavailable";
    public const string ServiceBusy = "EService:Busy";
    public const string CancelOnly = "EService:Market in cancel_only mode";
    public const string PostOnlyMode = "EService:Market in post_only mode";
    public const string LimitOnly = "EService:Market in limit_only mode";
    public const string DeadlineElapsed = "EService:Deadline elapsed";
    public const string InsufficientFunds = "EOrder:Insufficient funds";
    public const string OrderMinimum = "EOrder:Order minimum not met";
    public const string CostMinimum = "EOrder:Cost minimum not met";
    public const string TickSize = "EOrder:Tick size check failed";
    public const string InvalidPrice = "EOrder:Invalid price";
    public const string InvalidOrder = "EOrder:Invalid order";
    public const string UnknownOrder = "EOrder:Unknown order";
    public const string PostOnly = "EOrder:Post only order";
    public const string OrdersLimit = "EOrder:Orders limit exceeded";
    public const string OrderRateLimit = "EOrder:Rate limit exceeded";

    /// <summary><c>EGeneral:Invalid arguments:&lt;field&gt;</c>, naming the offending field.</summary>
    public static string InvalidArgument(string field) => InvalidArguments + ":" + field;
}
