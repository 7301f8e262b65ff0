#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "policy/config.h"

namespace ds01::policy {

/// The largest Dockerfile ReviewDockerfile reads.
inline constexpr std::size_t kMaxDockerfileBytes = std::size_t{1} << 20;

/// Whether the host has the image a reference names.
using ImageExists = std::function<bool(std::string_view reference)>;

/// What ReviewDockerfile found, and the Dockerfile to build.
struct DockerfileReview {
  std::string text;                 // the Dockerfile to send: the input, its first FROM's image
                                    // replaced when a base was given
  std::vector<std::string> images;  // each image the build reads (FROM, COPY --from), once, in
                                    // order, as written after ARG substitution; no stages, no
                                    // scratch
};

/// Reviews `text`, a Dockerfile that `uid` asks to build with the engine's legacy builder
/// (POST /build, version 1), so that every image the build reads passes MayUseImage, as a
/// container create's image does. The text is read as the engine's parser reads it (parser
/// directives, comments, continuation lines, global ARGs in FROM, stages by name and by
/// number); whatever would make the two readings differ (heredocs, RUN --mount, ONBUILD
/// triggers with --from or --mount, substitutions other than ${NAME}, ${NAME:-word} and
/// ${NAME:+word}, build arguments the engine may set itself) is refused. `base`, when not empty,
/// replaces the image of the first FROM, keeping its --platform and AS name, and is reviewed
/// like the rest. An image `exists` says the host lacks (when given) and a refused one are
/// answered alike, kNotFound with the line, so that nobody learns which images other users have;
/// anything else wrong is kInvalidArgument (or kPermissionDenied for an ONBUILD trigger) naming the
/// line. Linear in the size of `text`, which may be at most kMaxDockerfileBytes.
Result<DockerfileReview> ReviewDockerfile(std::string_view text, uid_t uid, const Config& config,
                                          std::string_view base = {},
                                          const ImageExists& exists = {});

}  // namespace ds01::policy
