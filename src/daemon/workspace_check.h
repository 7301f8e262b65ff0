#pragma once

#include <string>
#include <vector>

#include "policy/config.h"

namespace ds01::daemon {

/// One thing `ds01d --check` has to say about how the roots users mount from are laid out.
struct LayoutFinding {
  bool warning = false;  // false: a note
  std::string text;
};

/// Looks at the roots of `workspaces` as they lie on this host: a root whose parent a user (or
/// anyone but root) can write, where a symlink can be put in its place (ds01 refuses to follow
/// it, so the user's own mounts would be refused); a symlink in a root's fixed part, which
/// makes every mount from it refused; and workspaces not on a nosuid,nodev filesystem, where
/// root in a container could leave a set-uid file for the host — serious when containers may
/// run as root (`root_containers`) without the engine's user-namespace remapping.
std::vector<LayoutFinding> CheckWorkspaceLayout(const policy::WorkspacePolicy& workspaces,
                                                bool root_containers, bool user_namespaces);

}  // namespace ds01::daemon
