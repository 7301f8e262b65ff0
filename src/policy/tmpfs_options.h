#pragma once

#include "common/error.h"
#include "policy/validation.h"

namespace ds01::policy {

/// Checks and normalises a create's tmpfs mounts, after its memory has been set: each target
/// written plainly, not "/" nor a system path of the container (but /tmp, /var/tmp and /run
/// are fine), not over or under a bind mount's target nor another tmpfs; at most 8. What a
/// tmpfs holds is charged to the container's memory, so each size is at most the container's
/// memory and so is their sum; an unsized one gets the container's memory, which it can never
/// fill beyond. kInvalidArgument, or kLimitExceeded for sizes.
Status CheckTmpfsMounts(CreateRequest* request);

}  // namespace ds01::policy
