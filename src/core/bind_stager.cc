#include "core/bind_stager.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/openat2.h>
#include <spdlog/spdlog.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "common/unique_fd.h"
#include "core/thread_credentials.h"
#include "policy/bind_rules.h"

namespace ds01::core {
namespace {

constexpr int kMaxStackedMounts = 64;

struct OpenedSource {
  UniqueFd fd;
  bool directory = false;
};

UniqueFd OpenAt2(int dirfd, const std::string& path, std::uint64_t flags, std::uint64_t resolve) {
  open_how how{};
  how.flags = flags;
  how.resolve = resolve;
  return UniqueFd(static_cast<int>(syscall(SYS_openat2, dirfd, path.c_str(), &how, sizeof how)));
}

Error RootRefused(int error, const policy::BindSource& located) {
  const std::string& root = located.root;
  const std::string admin_fix =
      fmt::format("ask an admin to name the real directory in workspaces.{}",
                  located.shared ? "shared_readonly" : "root");
  switch (error) {
    case ELOOP:
      return MakeError(
          ErrorCode::kPermissionDenied,
          fmt::format("The root {} is reached through a symlink, and ds01 never follows "
                      "symlinks at or above a root",
                      root),
          located.shared ? admin_fix
                         : fmt::format("put a real directory at {0} (remove the link, then mkdir "
                                       "{0}); if the link is the admin's, {1}",
                                       root, admin_fix));
    case ENOENT:
      return MakeError(ErrorCode::kNotFound, fmt::format("The root {} does not exist", root),
                       located.shared ? admin_fix : fmt::format("create it (mkdir -p {})", root));
    case EACCES:
    case EPERM:
      return MakeError(ErrorCode::kPermissionDenied, fmt::format("You cannot reach {}", root),
                       "check the permissions of the directories above it");
    case ENOTDIR:
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("The root {} is not a directory", root),
                       located.shared ? admin_fix : fmt::format("make {} a directory", root));
    default:
      return MakeError(ErrorCode::kInternal,
                       fmt::format("Cannot open the root {}: {}", root, std::strerror(error)));
  }
}

Error SourceRefused(int error, const policy::BindMount& bind, const policy::BindSource& located) {
  const std::string& source = bind.source;
  switch (error) {
    case ENOENT:
      return MakeError(ErrorCode::kNotFound, fmt::format("{} does not exist", source),
                       fmt::format("create it first (mkdir -p {})", source));
    case ELOOP:
      return MakeError(ErrorCode::kPermissionDenied,
                       fmt::format("{} has a symlink in its path below {}: ds01 mounts real "
                                   "directories and files only, never through a link",
                                   source, located.root),
                       "name the real directory instead of the link");
    case EACCES:
    case EPERM:
      return MakeError(ErrorCode::kPermissionDenied, fmt::format("You cannot reach {}", source),
                       "you need search permission on every directory down to it");
    case ENOTDIR:
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{}: a part of the path is not a directory", source),
                       "check the path");
    default:
      return MakeError(ErrorCode::kInternal,
                       fmt::format("Cannot open {}: {}", source, std::strerror(error)));
  }
}

// Opens the source, on a thread that has taken on its owner's credentials: the root with no
// symlink anywhere in its path, then the rest beneath it with none either. Only a directory or
// a regular file its owner can read is accepted.
Result<OpenedSource> OpenSource(const policy::Identity& owner, const policy::BindMount& bind,
                                const policy::WorkspacePolicy& workspaces) {
  // The config may have changed since the container was made: it is asked again every time.
  auto located = policy::LocateBindSource(bind.source, workspaces, owner.user);
  if (!located.ok()) return std::move(located).error();
  if (located->shared && !bind.read_only) {
    return MakeError(ErrorCode::kPermissionDenied,
                     fmt::format("Read-write bind mount of '{}' refused: {} is shared and may be "
                                 "mounted read-only only",
                                 bind.source, located->root),
                     "recreate the container with the mount read-only (\"read_only\": true)");
  }
  constexpr std::uint64_t kNoLinks = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  UniqueFd root = OpenAt2(AT_FDCWD, located->root, O_PATH | O_DIRECTORY | O_CLOEXEC, kNoLinks);
  if (!root.valid()) return RootRefused(errno, *located);
  OpenedSource opened;
  if (located->relative.empty()) {
    opened.fd = std::move(root);
  } else {
    opened.fd =
        OpenAt2(root.get(), located->relative, O_PATH | O_CLOEXEC, kNoLinks | RESOLVE_BENEATH);
    if (!opened.fd.valid()) return SourceRefused(errno, bind, *located);
  }
  struct stat info {};
  if (fstat(opened.fd.get(), &info) != 0) return SourceRefused(errno, bind, *located);
  if (!S_ISDIR(info.st_mode) && !S_ISREG(info.st_mode)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     fmt::format("{} is neither a directory nor a regular file (a socket, device "
                                 "or pipe), so it is never mounted into a container",
                                 bind.source),
                     "mount a directory or a regular file");
  }
  opened.directory = S_ISDIR(info.st_mode);
  // An O_PATH open needs no read permission, so a file the user could not read themselves (a
  // hard link to one, say) would reach the container; AT_EACCESS checks as the thread's
  // filesystem identity, the owner's.
  if (faccessat(opened.fd.get(), "", R_OK | (opened.directory ? X_OK : 0),
                AT_EMPTY_PATH | AT_EACCESS) != 0) {
    return MakeError(ErrorCode::kPermissionDenied, fmt::format("You cannot read {}", bind.source),
                     "mount only what you can read yourself; check its owner and mode");
  }
  return opened;
}

// Every source of `binds`, opened as `owner`; the thread is root again when this returns, for
// the mounts.
Result<std::vector<OpenedSource>> OpenSources(const policy::Identity& owner,
                                              const std::vector<policy::BindMount>& binds,
                                              const policy::WorkspacePolicy& workspaces) {
  auto as_owner = ThreadCredentials::Assume(owner);
  if (!as_owner.ok()) return std::move(as_owner).error();
  std::vector<OpenedSource> sources;
  for (const policy::BindMount& bind : binds) {
    auto source = OpenSource(owner, bind, workspaces);
    if (!source.ok()) return std::move(source).error();
    sources.push_back(std::move(*source));
  }
  return sources;
}

// Takes off every mount stacked at `path` (what a crash may have left); true when none is left.
bool Unmount(const std::string& path) {
  for (int i = 0; i < kMaxStackedMounts; ++i) {
    if (umount2(path.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) != 0)
      return errno == EINVAL || errno == ENOENT;
  }
  return false;
}

Error StagingFailed(std::string_view what, const std::string& path) {
  return MakeError(ErrorCode::kInternal,
                   fmt::format("Cannot {} {}: {}", what, path, std::strerror(errno)),
                   "ask an admin to check ds01d's state directory (ds01d --check)");
}

// An empty directory or file at `path`, as the source is, for the engine's create to find.
Status LayPlaceholder(const std::string& path, bool directory) {
  struct stat info {};
  if (lstat(path.c_str(), &info) == 0) {
    if (directory ? S_ISDIR(info.st_mode) : S_ISREG(info.st_mode)) return Ok();
    if ((S_ISDIR(info.st_mode) ? rmdir(path.c_str()) : unlink(path.c_str())) != 0) {
      return StagingFailed("clear", path);
    }
  }
  if (directory) {
    if (mkdir(path.c_str(), 0700) != 0) return StagingFailed("create", path);
    return Ok();
  }
  UniqueFd file(open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!file.valid()) return StagingFailed("create", path);
  return Ok();
}

// Binds what `source` opened at `path`, with every mount below it: none may run set-uid
// programs or open device nodes, and a read-only one is read-only all the way down.
Status MountAt(const OpenedSource& source, bool read_only, const std::string& path) {
  UniqueFd tree(open_tree(source.fd.get(), "",
                          OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE));
  if (!tree.valid()) return StagingFailed("clone the mount for", path);
  mount_attr attributes{};
  attributes.attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (read_only ? MOUNT_ATTR_RDONLY : 0);
  if (mount_setattr(tree.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, &attributes, sizeof attributes) !=
      0) {
    return StagingFailed("restrict the mount for", path);
  }
  if (!Unmount(path)) return StagingFailed("unmount what was left at", path);
  DS01_RETURN_IF_ERROR(LayPlaceholder(path, source.directory));
  if (move_mount(tree.get(), "", AT_FDCWD, path.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0) {
    return StagingFailed("mount at", path);
  }
  return Ok();
}

Status MakeDirectories(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (!error) {
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, error);
  }
  if (error) {
    errno = error.value();
    return StagingFailed("create", dir.string());
  }
  return Ok();
}

}  // namespace

StagedBinds::StagedBinds(StagedBinds&& other) noexcept : mounted_(std::move(other.mounted_)) {
  other.mounted_.clear();
}

StagedBinds& StagedBinds::operator=(StagedBinds&& other) noexcept {
  if (this != &other) {
    for (const std::string& path : mounted_) Unmount(path);
    mounted_ = std::move(other.mounted_);
    other.mounted_.clear();
  }
  return *this;
}

StagedBinds::~StagedBinds() {
  for (const std::string& path : mounted_) {
    if (!Unmount(path)) spdlog::warn("cannot unmount the staged bind {}", path);
  }
}

BindStager::BindStager(std::filesystem::path staging_root, const policy::UserDirectory& users)
    : staging_root_(std::move(staging_root)), users_(users) {}

std::string BindStager::StagingPath(uid_t uid, std::string_view name, std::size_t index) const {
  return (ContainerDir(uid, name) / std::to_string(index)).string();
}

Status BindStager::Prepare(uid_t uid, std::string_view name,
                           const std::vector<policy::BindMount>& binds,
                           const policy::WorkspacePolicy& workspaces) const {
  Discard(uid, name);
  if (binds.empty()) return Ok();
  auto owner = users_.Lookup(uid);
  if (!owner.ok()) return std::move(owner).error();
  auto sources = OpenSources(*owner, binds, workspaces);
  if (!sources.ok()) return std::move(sources).error();
  Status laid = MakeDirectories(ContainerDir(uid, name));
  for (std::size_t i = 0; laid.ok() && i < sources->size(); ++i) {
    laid = LayPlaceholder(StagingPath(uid, name, i), (*sources)[i].directory);
  }
  if (!laid.ok()) Discard(uid, name);
  return laid;
}

Result<StagedBinds> BindStager::Stage(uid_t uid, std::string_view name,
                                      const std::vector<policy::BindMount>& binds,
                                      const policy::WorkspacePolicy& workspaces) const {
  StagedBinds staged;
  if (binds.empty()) return staged;
  auto owner = users_.Lookup(uid);
  if (!owner.ok()) return std::move(owner).error();
  auto sources = OpenSources(*owner, binds, workspaces);
  if (!sources.ok()) return std::move(sources).error();
  DS01_RETURN_IF_ERROR(MakeDirectories(ContainerDir(uid, name)));
  for (std::size_t i = 0; i < binds.size(); ++i) {
    const std::string path = StagingPath(uid, name, i);
    DS01_RETURN_IF_ERROR(MountAt((*sources)[i], binds[i].read_only, path));
    staged.mounted_.push_back(path);
  }
  return staged;
}

void BindStager::Discard(uid_t uid, std::string_view name) const {
  const std::filesystem::path dir = ContainerDir(uid, name);
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string path = entry.path().string();
    Unmount(path);
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) continue;
    // rmdir and unlink fail on anything still mounted or not empty: nothing beneath is lost.
    const int removed = S_ISDIR(info.st_mode)   ? rmdir(path.c_str())
                        : S_ISREG(info.st_mode) ? unlink(path.c_str())
                                                : -1;
    if (removed != 0)
      spdlog::warn("cannot remove the staging path {}: {}", path, std::strerror(errno));
  }
  rmdir(dir.c_str());
  rmdir(dir.parent_path().c_str());  // the uid's directory, once it holds no container
}

std::filesystem::path BindStager::ContainerDir(uid_t uid, std::string_view name) const {
  return staging_root_ / std::to_string(uid) / std::string(name);
}

}  // namespace ds01::core
