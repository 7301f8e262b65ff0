#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "policy/config.h"
#include "policy/identity.h"
#include "policy/validation.h"

namespace ds01::core {

/// A container's bind mounts while they are staged for the engine; unmounts them when it goes.
/// The started container keeps its own copies of the mounts.
class StagedBinds {
 public:
  StagedBinds() = default;
  StagedBinds(StagedBinds&& other) noexcept;
  StagedBinds& operator=(StagedBinds&& other) noexcept;
  StagedBinds(const StagedBinds&) = delete;
  StagedBinds& operator=(const StagedBinds&) = delete;
  ~StagedBinds();

 private:
  friend class BindStager;
  std::vector<std::string> mounted_;
};

/// Hands the engine a user's bind mounts without trusting any path the user controls. Each
/// source is opened as its owner (ThreadCredentials), beneath the root policy found for it,
/// refusing every symlink on the way (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, the root
/// itself opened with no symlink anywhere in its path). What was opened is bind-mounted,
/// recursively nosuid, nodev and (where asked) read-only, at a staging path inside a root-only
/// directory, and the engine's Mounts name that path: the engine resolves nothing a user can
/// swap, at create or at any later start.
class BindStager {
 public:
  /// Staging paths live under `staging_root`, which must be a root-only directory that the
  /// engine sees at the same path (same mount namespace).
  BindStager(std::filesystem::path staging_root, const policy::UserDirectory& users);

  /// Where the engine mounts bind `index` of container `name` of `uid` from.
  std::string StagingPath(uid_t uid, std::string_view name, std::size_t index) const;

  /// Opens every source as the container's owner and lays an empty placeholder of its kind
  /// (directory or file) at each staging path, so that the engine accepts a create. Refuses
  /// with the reason: a missing source, a symlink, something that is neither a directory nor a
  /// regular file, no access.
  Status Prepare(uid_t uid, std::string_view name, const std::vector<policy::BindMount>& binds,
                 const policy::WorkspacePolicy& workspaces) const;

  /// Opens every source again, as for Prepare, and mounts exactly what it opened at its
  /// staging path, ready for the engine to start the container.
  Result<StagedBinds> Stage(uid_t uid, std::string_view name,
                            const std::vector<policy::BindMount>& binds,
                            const policy::WorkspacePolicy& workspaces) const;

  /// Unmounts and removes every staging path of the container. Never deletes anything beneath
  /// a mount: what cannot be emptied is left and logged.
  void Discard(uid_t uid, std::string_view name) const;

 private:
  std::filesystem::path ContainerDir(uid_t uid, std::string_view name) const;

  std::filesystem::path staging_root_;
  const policy::UserDirectory& users_;
};

}  // namespace ds01::core
