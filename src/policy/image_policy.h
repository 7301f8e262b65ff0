#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "policy/config.h"

namespace ds01::policy {

/// `reference` written as the engine lists it in RepoTags, so that one image has one name: Docker
/// Hub's domain (docker.io, index.docker.io, registry-1.docker.io) dropped, "library/" dropped
/// from an official image's name, ":latest" added when it names neither a tag nor a digest.
std::string NormalizeImageReference(std::string_view reference);

/// True when `uid` may create containers from `reference`: their own project images
/// (ds01-<uid>/…), the frameworks' base images and what images.allowed matches. Never another
/// user's project images, whatever a pattern says, nor an image named by its id. The caller
/// answers a refusal exactly as it answers a missing image, so that nobody learns which images
/// other users have.
bool MayUseImage(std::string_view reference, uid_t uid, const Config& config);

/// True when the engine's `repo_tags` for the image it found name `reference` itself, rather
/// than the engine having taken `reference` as an id prefix. Digest references are not tags
/// and always match.
bool TaggedAs(std::string_view reference, const std::vector<std::string>& repo_tags);

}  // namespace ds01::policy
