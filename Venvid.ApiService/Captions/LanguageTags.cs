using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Venvid.ApiService.Captions;

/// <summary>
/// BCP 47 language tags of the shape captions use — a language, an optional script and region (<c>en</c>,
/// <c>fr-CA</c>, <c>zh-Hant-TW</c>, <c>es-419</c>) — normalised in case and checked against ISO 639-1. The API runs
/// with invariant globalization (no ICU), so the language names are kept here.
/// </summary>
public static partial class LanguageTags
{
    public const int MaxLength = 35;

    // ISO 639-1: every two-letter language code and its English name.
    private const string Iso6391 = """
        aa Afar|ab Abkhazian|af Afrikaans|ak Akan|am Amharic|an Aragonese|ar Arabic|as Assamese|av Avaric|ay Aymara|az Azerbaijani|
        ba Bashkir|be Belarusian|bg Bulgarian|bi Bislama|bm Bambara|bn Bangla|bo Tibetan|br Breton|bs Bosnian|ca Catalan|ce Chechen|
        ch Chamorro|co Corsican|cr Cree|cs Czech|cu Church Slavic|cv Chuvash|cy Welsh|da Danish|de German|dv Divehi|dz Dzongkha|
        ee Ewe|el Greek|en English|eo Esperanto|es Spanish|et Estonian|eu Basque|fa Persian|ff Fula|fi Finnish|fj Fijian|fo Faroese|
        fr French|fy Western Frisian|ga Irish|gd Scottish Gaelic|gl Galician|gn Guarani|gu Gujarati|gv Manx|ha Hausa|he Hebrew|
        hi Hindi|ho Hiri Motu|hr Croatian|ht Haitian Creole|hu Hungarian|hy Armenian|hz Herero|ia Interlingua|id Indonesian|
        ie Interlingue|ig Igbo|ii Sichuan Yi|ik Inupiaq|io Ido|is Icelandic|it Italian|iu Inuktitut|ja Japanese|jv Javanese|
        ka Georgian|kg Kongo|ki Kikuyu|kj Kuanyama|kk Kazakh|kl Kalaallisut|km Khmer|kn Kannada|ko Korean|kr Kanuri|ks Kashmiri|
        ku Kurdish|kv Komi|kw Cornish|ky Kyrgyz|la Latin|lb Luxembourgish|lg Ganda|li Limburgish|ln Lingala|lo Lao|lt Lithuanian|
        lu Luba-Katanga|lv Latvian|mg Malagasy|mh Marshallese|mi Māori|mk Macedonian|ml Malayalam|mn Mongolian|mr Marathi|ms Malay|
        mt Maltese|my Burmese|na Nauru|nb Norwegian Bokmål|nd North Ndebele|ne Nepali|ng Ndonga|nl Dutch|nn Norwegian Nynorsk|
        no Norwegian|nr South Ndebele|nv Navajo|ny Nyanja|oc Occitan|oj Ojibwa|om Oromo|or Odia|os Ossetic|pa Punjabi|pi Pali|
        pl Polish|ps Pashto|pt Portuguese|qu Quechua|rm Romansh|rn Rundi|ro Romanian|ru Russian|rw Kinyarwanda|sa Sanskrit|
        sc Sardinian|sd Sindhi|se Northern Sami|sg Sango|si Sinhala|sk Slovak|sl Slovenian|sm Samoan|sn Shona|so Somali|sq Albanian|
        sr Serbian|ss Swati|st Southern Sotho|su Sundanese|sv Swedish|sw Swahili|ta Tamil|te Telugu|tg Tajik|th Thai|ti Tigrinya|
        tk Turkmen|tl Tagalog|tn Tswana|to Tongan|tr Turkish|ts Tsonga|tt Tatar|tw Twi|ty Tahitian|ug Uyghur|uk Ukrainian|ur Urdu|
        uz Uzbek|ve Venda|vi Vietnamese|vo Volapük|wa Walloon|wo Wolof|xh Xhosa|yi Yiddish|yo Yoruba|za Zhuang|zh Chinese|zu Zulu
        """;

    private static readonly FrozenDictionary<string, string> Names = Iso6391
        .Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(entry => entry.Split(' ', 2))
        .ToFrozenDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    /// <summary>The tag in its canonical case (<c>FR-ca</c> → <c>fr-CA</c>), or null when it is not one captions accept.</summary>
    public static string? Normalize(string? tag)
    {
        if (tag is null || tag.Length > MaxLength || TagShape().Match(tag) is not { Success: true } match)
        {
            return null;
        }

        var language = match.Groups["language"].Value.ToLowerInvariant();
        if (!Names.ContainsKey(language))
        {
            return null;
        }

        var script = match.Groups["script"].Success ? "-" + char.ToUpperInvariant(match.Groups["script"].Value[0]) + match.Groups["script"].Value[1..].ToLowerInvariant() : "";
        var region = match.Groups["region"].Success ? "-" + match.Groups["region"].Value.ToUpperInvariant() : "";
        return language + script + region;
    }

    /// <summary>A label for a normalised tag: <c>English</c>, <c>French (CA)</c>, <c>Chinese (Hant, TW)</c>.</summary>
    public static string LabelOf(string tag)
    {
        var parts = tag.Split('-');
        var name = Names[parts[0]];
        return parts.Length == 1 ? name : $"{name} ({string.Join(", ", parts[1..])})";
    }

    [GeneratedRegex(@"^(?<language>[A-Za-z]{2})(-(?<script>[A-Za-z]{4}))?(-(?<region>[A-Za-z]{2}|\d{3}))?$")]
    private static partial Regex TagShape();
}
