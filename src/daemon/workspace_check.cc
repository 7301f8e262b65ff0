#include "daemon/workspace_check.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <filesystem>

namespace ds01::daemon {
namespace {

constexpr std::string_view kUser = "{user}";

// The part of `root` before its first component with {user} in it ("/home" for
// "/home/{user}/workspace"); the whole root when it has none.
std::string FixedPart(const std::string& root) {
  const auto at = root.find(kUser);
  if (at == std::string::npos) return root;
  const auto slash = root.rfind('/', at);
  return slash == 0 ? "/" : root.substr(0, slash);
}

// The first component of `path` that is a symlink, or "".
std::string FirstSymlink(const std::string& path) {
  std::string prefix;
  for (const auto& part : std::filesystem::path(path).relative_path()) {
    prefix += "/" + part.string();
    struct stat info {};
    if (lstat(prefix.c_str(), &info) != 0) return {};
    if (S_ISLNK(info.st_mode)) return prefix;
  }
  return {};
}

// The deepest directory of `path` that exists.
std::string ExistingAncestor(std::string path) {
  struct stat info {};
  while (path.size() > 1 && stat(path.c_str(), &info) != 0) {
    path = std::filesystem::path(path).parent_path().string();
  }
  return path;
}

void CheckRoot(const std::string& root, std::string_view what, std::vector<LayoutFinding>* out) {
  const std::string parent = std::filesystem::path(root).parent_path().string();
  const std::string link = FirstSymlink(FixedPart(root));
  if (!link.empty()) {
    out->push_back({true, fmt::format("{} {}: {} is a symlink, and ds01 never follows symlinks at "
                                      "or above a root, so every mount from it is refused; name "
                                      "the real path",
                                      what, root, link)});
  }
  if (parent.find(kUser) != std::string::npos) {
    out->push_back({true, fmt::format("{} {}: its parent {} is the user's own, so a user can put a "
                                      "symlink where their root should be (ds01 refuses it, and "
                                      "their mounts with it); lay roots out in a directory only "
                                      "root can write, e.g. /srv/ds01/workspaces/{{user}}",
                                      what, root, parent)});
    return;
  }
  struct stat info {};
  if (stat(parent.c_str(), &info) == 0 && (info.st_uid != 0 || (info.st_mode & 022) != 0)) {
    out->push_back(
        {true, fmt::format("{} {}: its parent {} can be written by someone other than "
                           "root (owner uid {}, mode {:04o}), who can put a symlink in "
                           "its place; chown root {} && chmod go-w {}",
                           what, root, parent, info.st_uid, info.st_mode & 07777, parent, parent)});
  }
}

}  // namespace

std::vector<LayoutFinding> CheckWorkspaceLayout(const policy::WorkspacePolicy& workspaces,
                                                bool root_containers, bool user_namespaces) {
  std::vector<LayoutFinding> findings;
  CheckRoot(workspaces.root, "workspace root", &findings);
  for (const std::string& shared : workspaces.shared_readonly) {
    CheckRoot(shared, "shared root", &findings);
  }
  const std::string filesystem = ExistingAncestor(FixedPart(workspaces.root));
  struct statvfs flags {};
  if (statvfs(filesystem.c_str(), &flags) != 0) return findings;
  const bool hardened = (flags.f_flag & ST_NOSUID) && (flags.f_flag & ST_NODEV);
  if (hardened) {
    findings.push_back(
        {false, fmt::format("workspaces are on a nosuid,nodev filesystem ({})", filesystem)});
  } else if (root_containers && !user_namespaces) {
    findings.push_back(
        {true, fmt::format("containers may run as root (security.run_as_user: false) and the "
                           "filesystem of {} is not mounted nosuid,nodev: root in a container can "
                           "leave a set-uid program in a workspace that is root on the host; "
                           "remount it nosuid,nodev, or enable the engine's userns-remap",
                           filesystem)});
  } else {
    findings.push_back({true, fmt::format("the filesystem of {} is not mounted nosuid,nodev; "
                                          "mount workspaces so, as a second wall behind ds01's "
                                          "own (containers run as their users, with "
                                          "no-new-privileges)",
                                          filesystem)});
  }
  return findings;
}

}  // namespace ds01::daemon
