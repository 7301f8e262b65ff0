#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "policy/config.h"

namespace ds01::policy {

/// Where a bind mount's source lies: one of the caller's roots and the part below it.
struct BindSource {
  std::string root;      // the user's workspace root or a shared root, normalised
  std::string relative;  // below the root; "" for the root itself
  bool shared = false;   // a shared root: it may be mounted read-only only
};

/// Finds the root that `source` lies in for `user`: their workspace root, else a shared root.
/// Purely lexical (".." applied to the text, the disk never looked at), so a refusal is the
/// same whatever lies outside the caller's roots. Symlinks are dealt with when the source is
/// opened (core::BindStager), never followed.
Result<BindSource> LocateBindSource(std::string_view source, const WorkspacePolicy& workspaces,
                                    std::string_view user);

/// Refuses a bind target (inside the container) outside /workspace, /data, /mnt and the
/// config's workspaces.bind_targets, or over a system path.
Status CheckBindTarget(std::string_view target, const WorkspacePolicy& workspaces);

/// True for "/" and the system paths that the image and the NVIDIA container hook fill (/usr,
/// /etc, /dev, /proc …): never a bind target, whatever the config lists.
bool IsSystemPath(std::string_view normalised);

/// True for paths under /tmp or /var/tmp: any user can make or replace directories there, and
/// a service with PrivateTmp sees another /tmp than the engine, so they cannot be roots.
bool IsTemporaryPath(std::string_view normalised);

}  // namespace ds01::policy
