using System.Net.Http.Headers;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;
using Venvid.Contracts;

namespace Venvid.ApiService.Uploads;

public static class UploadValidation
{
    public const int TitleMax = 100;
    public const int DescriptionMax = 5000;
    public const int FileNameMax = 255;

    /// <summary>A video's title, description and visibility; with <paramref name="titleRequired"/> false a null title is "unchanged".</summary>
    public static ValidationErrors Metadata(string? title, string? description, string? visibility, bool titleRequired = true)
    {
        var errors = new ValidationErrors();
        if ((title is not null || titleRequired) && (string.IsNullOrWhiteSpace(title) || title.Trim().Length > TitleMax))
        {
            errors.Add("title", $"A title of 1–{TitleMax} characters is required.");
        }

        if (description is { Length: > DescriptionMax })
        {
            errors.Add("description", $"The description is limited to {DescriptionMax} characters.");
        }

        if (visibility is not null && !Visibilities.All.Contains(visibility))
        {
            errors.Add("visibility", "Visibility is one of public, unlisted, private.");
        }

        return errors;
    }

    public static bool IsVideoContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is { } mediaType
        && mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
        && mediaType.Length > "video/".Length;

    /// <summary>The client's part list names every part exactly once, with an ETag.</summary>
    public static ValidationErrors CompletedParts(IReadOnlyList<CompletedPart>? parts, int partCount)
    {
        var errors = new ValidationErrors();
        if (parts is null || parts.Count == 0)
        {
            errors.Add("parts", $"List all {partCount} parts with their ETags.");
            return errors;
        }

        var numbers = parts.Select(p => p.PartNumber).ToHashSet();
        if (numbers.Count != parts.Count)
        {
            errors.Add("parts", "Part numbers must not repeat.");
        }

        var missing = Enumerable.Range(1, partCount).Where(n => !numbers.Contains(n)).Take(10).ToList();
        if (missing.Count > 0)
        {
            errors.Add("parts", $"Missing part(s): {string.Join(", ", missing)}.");
        }

        if (numbers.Any(n => n < 1 || n > partCount))
        {
            errors.Add("parts", $"Part numbers run from 1 to {partCount}.");
        }

        if (parts.Any(p => string.IsNullOrWhiteSpace(p.Etag)))
        {
            errors.Add("parts", "Every part needs the ETag storage returned for it.");
        }

        return errors;
    }

    /// <summary>What storage holds matches the declaration: every part present, same ETag, exact size (so nothing beyond the declared size).</summary>
    public static ValidationErrors AgainstStorage(IReadOnlyList<CompletedPart> parts, IReadOnlyList<UploadedPart> stored, Upload upload)
    {
        var errors = new ValidationErrors();
        var byNumber = stored.ToDictionary(p => p.PartNumber);
        foreach (var part in parts.OrderBy(p => p.PartNumber))
        {
            if (!byNumber.TryGetValue(part.PartNumber, out var held))
            {
                errors.Add("parts", $"Part {part.PartNumber} has not been uploaded.");
                continue;
            }

            if (!string.Equals(held.Etag, UploadService.NormalizeEtag(part.Etag), StringComparison.Ordinal))
            {
                errors.Add("parts", $"Part {part.PartNumber}'s ETag does not match what storage holds.");
            }

            var expected = UploadOptions.ExpectedPartSize(upload.SizeBytes, upload.PartSizeBytes, part.PartNumber);
            if (held.SizeBytes != expected)
            {
                errors.Add("parts", $"Part {part.PartNumber} is {held.SizeBytes} bytes; it must be {expected} bytes (declared size {upload.SizeBytes}).");
            }
        }

        return errors;
    }
}
