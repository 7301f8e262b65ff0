#include "policy/bind_rules.h"

#include <array>

#include "policy/host_path.h"

namespace ds01::policy {
namespace {

constexpr std::array<std::string_view, 3> kBindTargets = {"/workspace", "/data", "/mnt"};

constexpr std::array<std::string_view, 16> kSystemPaths = {
    "/bin",  "/boot", "/dev", "/etc",  "/lib", "/lib32", "/lib64", "/libx32",
    "/proc", "/root", "/run", "/sbin", "/sys", "/usr",   "/var",   "/tmp"};

Error Denied(std::string message, std::string hint) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message), std::move(hint));
}

bool ValidUserName(std::string_view user) {
  return !user.empty() && user != "." && user != ".." && user.find('/') == std::string::npos;
}

std::string SharedRootsText(const WorkspacePolicy& workspaces) {
  std::string text;
  for (const std::string& shared : workspaces.shared_readonly) {
    text += (text.empty() ? "" : ", ") + shared;
  }
  return text;
}

}  // namespace

Result<BindSource> LocateBindSource(std::string_view source, const WorkspacePolicy& workspaces,
                                    std::string_view user) {
  auto path = NormalizePath(source, "bind mount source");
  if (!path.ok()) return std::move(path).error();
  if (!ValidUserName(user)) {
    return Denied(
        "bind mounts refused: the account name '" + std::string(user) + "' cannot name a workspace",
        "ask an admin to check the account");
  }
  auto own_root = NormalizePath(workspaces.RootFor(user), "workspace root");
  if (!own_root.ok()) return std::move(own_root).error();
  if (IsWithin(*path, *own_root)) return BindSource{*own_root, RelativeTo(*path, *own_root), false};
  for (const std::string& shared : workspaces.shared_readonly) {
    auto root = NormalizePath(shared, "shared root");
    if (root.ok() && IsWithin(*path, *root)) {
      return BindSource{*root, RelativeTo(*path, *root), true};
    }
  }
  const std::string shared = SharedRootsText(workspaces);
  return Denied(
      "bind mount of '" + std::string(source) + "' refused: it is outside your workspace " +
          *own_root + (shared.empty() ? "" : " and the shared roots"),
      "mount a path under " + *own_root + (shared.empty() ? "" : ", or read-only under " + shared));
}

Status CheckBindTarget(std::string_view target, const WorkspacePolicy& workspaces) {
  auto path = NormalizePath(target, "bind mount target");
  if (!path.ok()) return std::move(path).error();
  std::string allowed;
  auto allows = [&](std::string_view prefix) {
    allowed += (allowed.empty() ? "" : ", ") + std::string(prefix);
    return IsWithin(*path, prefix);
  };
  bool inside = false;
  for (std::string_view prefix : kBindTargets) inside = allows(prefix) || inside;
  for (const std::string& prefix : workspaces.bind_targets) inside = allows(prefix) || inside;
  if (inside && !IsSystemPath(*path)) return Ok();
  return Denied("bind mount target '" + std::string(target) +
                    "' refused: containers get mounts only under " + allowed,
                "mount it at e.g. /mnt/" + path->substr(path->rfind('/') + 1) +
                    "; an admin can add places with workspaces.bind_targets");
}

bool IsSystemPath(std::string_view normalised) {
  if (normalised == "/") return true;
  for (std::string_view system : kSystemPaths) {
    if (IsWithin(normalised, system)) return true;
  }
  return false;
}

bool IsTemporaryPath(std::string_view normalised) {
  return IsWithin(normalised, "/tmp") || IsWithin(normalised, "/var/tmp");
}

}  // namespace ds01::policy
