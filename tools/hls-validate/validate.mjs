// Reads a published HLS presentation as a strict client would: the master playlist at the given URL and every
// playlist it names (variants, I-frame playlists, subtitle renditions), each parsed by hls-parser in strict mode
// (RFC 8216's MUST rules: a violation throws). On top of the parse, the rules of Apple's HLS Authoring Specification
// that Safari and AVFoundation enforce and a parser does not: every variant declares CODECS, RESOLUTION, FRAME-RATE and
// AVERAGE-BANDWIDTH; every rendition group a variant names exists; every subtitle rendition has LANGUAGE and NAME;
// EXT-X-INDEPENDENT-SEGMENTS; every playlist declares the protocol version its features need (RFC 8216 section 7,
// which Safari checks); and with --complete, every media playlist is VOD with EXT-X-ENDLIST.
// Usage: node validate.mjs [--complete] <master playlist URL>. One line per problem; exits 1 when there is any.
import HLS from "hls-parser";

HLS.setOptions({ strictMode: true, silent: true });

const args = process.argv.slice(2);
const complete = args.includes("--complete");
const masterUrl = args.find((a) => !a.startsWith("--"));
if (!masterUrl) {
  console.log("usage: node validate.mjs [--complete] <master playlist URL>");
  process.exit(2);
}

const problems = [];
let checked = 0;

const master = await load(masterUrl);
if (master && !master.isMasterPlaylist) problems.push(`${masterUrl}: not a master playlist`);
if (master?.isMasterPlaylist) {
  if (!master.independentSegments) problems.push(`${masterUrl}: no EXT-X-INDEPENDENT-SEGMENTS`);
  const streams = master.variants.filter((v) => !v.isIFrameOnly);
  if (streams.length === 0) problems.push(`${masterUrl}: no variant streams`);
  if (!master.variants.some((v) => v.isIFrameOnly)) problems.push(`${masterUrl}: no I-frame playlists`);

  for (const variant of master.variants) {
    const where = `${masterUrl}: ${variant.isIFrameOnly ? "I-frame " : ""}variant ${variant.uri}`;
    if (!variant.codecs) problems.push(`${where}: no CODECS`);
    if (!variant.resolution) problems.push(`${where}: no RESOLUTION`);
    if (!variant.isIFrameOnly) {
      if (!variant.frameRate) problems.push(`${where}: no FRAME-RATE`);
      if (!variant.averageBandwidth) problems.push(`${where}: no AVERAGE-BANDWIDTH`);
      else if (variant.averageBandwidth > variant.bandwidth) problems.push(`${where}: AVERAGE-BANDWIDTH above BANDWIDTH`);
    }
    const subtitles = variant.subtitles ?? [];
    if (subtitles.length === 0 && master.source.includes("TYPE=SUBTITLES")) {
      if (!variant.isIFrameOnly) problems.push(`${where}: names no SUBTITLES group though the playlist has renditions`);
    }
    for (const rendition of subtitles) {
      if (!rendition.language) problems.push(`${where}: subtitle rendition ${rendition.name} has no LANGUAGE`);
      if (!rendition.name) problems.push(`${where}: a subtitle rendition has no NAME`);
      if (!rendition.uri) problems.push(`${where}: subtitle rendition ${rendition.name} has no URI`);
    }
    await media(resolve(variant.uri), { iFrames: variant.isIFrameOnly });
  }

  // Each rendition once, whichever variants name it.
  const renditions = new Map();
  for (const variant of streams) for (const r of variant.subtitles ?? []) if (r.uri) renditions.set(r.uri, r);
  for (const rendition of renditions.values()) await media(resolve(rendition.uri), { subtitles: true });
}

for (const problem of problems) console.log(problem);
console.log(`${checked} playlist(s) checked, ${problems.length} problem(s)`);
process.exit(problems.length === 0 && checked > 0 ? 0 : 1);

async function media(url, { iFrames = false, subtitles = false } = {}) {
  const playlist = await load(url);
  if (!playlist) return;
  if (playlist.isMasterPlaylist) {
    problems.push(`${url}: a master playlist where a media playlist belongs`);
    return;
  }
  if (playlist.segments.length === 0) problems.push(`${url}: no segments`);
  if (iFrames && !playlist.isIFrame) problems.push(`${url}: no EXT-X-I-FRAMES-ONLY`);
  if (iFrames && playlist.segments.some((s) => !s.byterange)) problems.push(`${url}: an I-frame without a byte range`);
  if (subtitles && playlist.segments.some((s) => !/\.(vtt|webvtt)$/i.test(new URL(s.uri, url).pathname))) {
    problems.push(`${url}: a subtitle segment that is not WebVTT`);
  }
  if (complete) {
    if (playlist.playlistType !== "VOD") problems.push(`${url}: PLAYLIST-TYPE is ${playlist.playlistType ?? "absent"}, not VOD`);
    if (!playlist.endlist) problems.push(`${url}: no EXT-X-ENDLIST`);
  }
}

async function load(url) {
  let text;
  try {
    const response = await fetch(url);
    if (!response.ok) {
      problems.push(`${url}: HTTP ${response.status}`);
      return null;
    }
    text = await response.text();
  } catch (error) {
    problems.push(`${url}: ${error.message}`);
    return null;
  }

  try {
    const playlist = HLS.parse(text);
    checked++;
    const needed = versionNeeded(text);
    if ((playlist.version ?? 1) < needed.version) {
      problems.push(`${url}: EXT-X-VERSION ${playlist.version ?? "absent (1)"}, but ${needed.why} needs ${needed.version}`);
    }
    return playlist;
  } catch (error) {
    problems.push(`${url}: ${error.message}`);
    return null;
  }
}

// The lowest protocol version a playlist's text requires (RFC 8216 section 7), and the feature that requires it.
function versionNeeded(text) {
  const iFramesOnly = /^#EXT-X-I-FRAMES-ONLY$/m.test(text);
  const rules = [
    [7, /INSTREAM-ID="SERVICE/, "an INSTREAM-ID SERVICE value"],
    [iFramesOnly ? 5 : 6, /^#EXT-X-MAP:/m, "EXT-X-MAP"],
    [5, /KEYFORMAT(VERSIONS)?=/, "KEYFORMAT"],
    [4, /^#EXT-X-BYTERANGE:/m, "EXT-X-BYTERANGE"],
    [4, /^#EXT-X-I-FRAMES-ONLY$/m, "EXT-X-I-FRAMES-ONLY"],
    [3, /^#EXTINF:\d*\.\d+/m, "a decimal EXTINF duration"],
    [2, /^#EXT-X-KEY:.*IV=/m, "an EXT-X-KEY IV"],
  ];
  for (const [version, pattern, why] of rules) if (pattern.test(text)) return { version, why };
  return { version: 1, why: "nothing" };
}

function resolve(uri) {
  return new URL(uri, masterUrl).href;
}
