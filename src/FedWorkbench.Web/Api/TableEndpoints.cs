using FedWorkbench.Web.Tables;

namespace FedWorkbench.Web.Api;

/// <summary>Handler of <c>POST /api/tables</c>, which uploads a CSV file for runs to train on.</summary>
internal static class TableEndpoints
{
    /// <summary>Path of the upload endpoint.</summary>
    public const string Path = "/tables";

    /// <summary>Media type the body must have.</summary>
    public const string CsvContentType = "text/csv";

    /// <summary>Maps <c>POST /api/tables</c> and a 405 for its other methods.</summary>
    public static void Map(RouteGroupBuilder api, Action<RouteGroupBuilder, string, string> mapMethodNotAllowed)
    {
        api.MapPost(Path, UploadAsync).WithName("UploadTable")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        mapMethodNotAllowed(api, Path, "POST");
    }

    /// <summary>
    /// Stores the body, a CSV file, under the name in the <c>fileName</c> query value, and returns 201 with the
    /// file's id, counts, column profiles and first rows. Rejections: 400 for a missing name or a file that cannot be
    /// read, with the line and column; 413 over the file limit; 415 for another media type; 429 over the upload rate
    /// per address; 507 when the files in use leave no room.
    /// </summary>
    public static async Task<IResult> UploadAsync(HttpRequest request, string? fileName, TableUploads uploads, CancellationToken cancellationToken)
    {
        // Only text/csv is accepted, which also keeps HTML forms on other sites from uploading: a form cannot send it.
        if (!IsCsv(request.ContentType))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The file must be sent as CSV.",
                detail: $"The request's Content-Type is '{request.ContentType ?? "missing"}'; send the file's bytes with Content-Type: {CsvContentType}.");
        }

        try
        {
            TableUpload upload = await uploads.StoreAsync(request.Body, fileName, request.ContentLength, cancellationToken);
            return TypedResults.Created((string?)null, upload);
        }
        catch (TableUploadException ex)
        {
            if (ex.RetryAfter is { } retryAfter)
            {
                request.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults.Problem(statusCode: ex.StatusCode, title: "The file was not stored.", detail: ex.Message);
        }
    }

    private static bool IsCsv(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals(CsvContentType, StringComparison.OrdinalIgnoreCase);
}
