#include "policy/image_policy.h"

#include <fnmatch.h>

#include <algorithm>

namespace ds01::policy {
namespace {

constexpr std::string_view kProjectPrefix = "ds01-";

// Docker Hub under its three names: the engine reads index.docker.io as docker.io, and
// registry-1.docker.io is the registry both pull from.
constexpr std::string_view kHubDomains[] = {"docker.io/", "index.docker.io/",
                                            "registry-1.docker.io/"};

// Hub's official images, "library/NAME"; "library/A/B" is a repository of its own.
constexpr std::string_view kOfficial = "library/";

// "sha256:…" or something only hex digits could be: an id or a prefix of one, not a name. The
// engine's graph-driver image store takes a prefix of any length, so "FROM ab" may read
// whichever image's id starts with "ab".
bool LooksLikeAnId(std::string_view reference) {
  return reference.starts_with("sha256:") ||
         (!reference.empty() &&
          reference.find_first_not_of("0123456789abcdef") == std::string::npos);
}

// The uid in a "ds01-<uid>/…" project image, or -1 when `reference` is not one.
long ProjectOwner(std::string_view reference) {
  if (!reference.starts_with(kProjectPrefix)) return -1;
  const std::string_view rest = reference.substr(kProjectPrefix.size());
  const auto slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos) return -1;
  if (rest[0] == '0' && slash > 1) return 0;  // "ds01-01000/…" is nobody's: a foreign name
  long uid = 0;
  for (char c : rest.substr(0, slash)) {
    if (c < '0' || c > '9' || uid > 1'000'000'000) return -1;
    uid = uid * 10 + (c - '0');
  }
  return uid;
}

bool Matches(const std::string& pattern, const std::string& normal) {
  return fnmatch(NormalizeImageReference(pattern).c_str(), normal.c_str(), FNM_PATHNAME) == 0 ||
         fnmatch(pattern.c_str(), normal.c_str(), FNM_PATHNAME) == 0;
}

}  // namespace

std::string NormalizeImageReference(std::string_view reference) {
  std::string out(reference);
  for (std::string_view hub : kHubDomains) {
    if (out.starts_with(hub)) {
      out.erase(0, hub.size());
      break;
    }
  }
  if (out.starts_with(kOfficial) && out.find('/', kOfficial.size()) == std::string::npos) {
    out.erase(0, kOfficial.size());
  }
  const auto last_slash = out.rfind('/');
  const std::string_view last =
      std::string_view(out).substr(last_slash == std::string::npos ? 0 : last_slash + 1);
  if (last.find(':') == std::string_view::npos && out.find('@') == std::string::npos) {
    out += ":latest";
  }
  return out;
}

bool MayUseImage(std::string_view reference, uid_t uid, const Config& config) {
  if (reference.empty() || LooksLikeAnId(reference)) return false;
  const std::string normal = NormalizeImageReference(reference);
  const long owner = ProjectOwner(normal);
  if (owner >= 0) return owner == static_cast<long>(uid);
  for (const auto& [framework, image] : config.frameworks) {
    if (NormalizeImageReference(image) == normal) return true;
  }
  return std::any_of(config.images.allowed.begin(), config.images.allowed.end(),
                     [&](const std::string& pattern) { return Matches(pattern, normal); });
}

bool TaggedAs(std::string_view reference, const std::vector<std::string>& repo_tags) {
  if (reference.find('@') != std::string_view::npos) return true;
  const std::string normal = NormalizeImageReference(reference);
  return std::any_of(repo_tags.begin(), repo_tags.end(), [&](const std::string& tag) {
    return NormalizeImageReference(tag) == normal;
  });
}

}  // namespace ds01::policy
