#include "daemon/routes/prune.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/wire_prune.h"
#include "common/units.h"
#include "core/container_view.h"
#include "core/image_space.h"
#include "core/prune_rules.h"
#include "daemon/api_response.h"
#include "daemon/request_bodies.h"

namespace ds01::daemon {
namespace {

// Both wait on the engine beside other calls; each container's own lock (ContainerService) and
// each project's build claim (ImageBuilder) guard what they remove.
constexpr RouteTraits kPruning{Access::kAnyUser, false, kSmallBodyBytes,
                               EngineUse::kWaitsAlongside};

// Another user's containers or images are pruned by an admin alone; anyone else naming another
// owner is refused before anything is looked up, so the answer tells nothing of that user.
Status MayPrune(const Caller& caller, const std::optional<std::string>& owner,
                std::string_view what) {
  if (!owner || *owner == caller.identity.user || caller.admin) return Ok();
  return MakeError(ErrorCode::kPermissionDenied,
                   fmt::format("Only an admin may prune another user's {}", what),
                   fmt::format("leave out --owner to prune your own {}", what));
}

void Log(const Caller& caller, std::string_view what, const api::PruneReport& report) {
  spdlog::info("{} pruned {} {}{} ({} freed, {} skipped)", caller.identity.user,
               report.removed.size(), what, report.dry_run ? " (dry run)" : "",
               FormatSize(static_cast<std::uint64_t>(report.space_reclaimed_bytes)),
               report.skipped.size());
}

void PruneContainers(const RouteCall& call, const ApiDeps& deps) {
  auto request = ParseContainerPruneBody(call.body());
  if (!request.ok()) return call.Reply(ErrorResponse(request.error()));
  const auto owner = QueryValue(call.query(), "owner");
  if (Status may = MayPrune(call.caller, owner, "containers"); !may.ok()) {
    return call.Reply(ErrorResponse(may.error()));
  }
  core::ContainerViews views(deps.store);
  auto scope = deps.authoriser.ListScope(call.caller, owner, views);
  if (!scope.ok()) return call.Reply(ErrorResponse(scope.error()));
  auto listed = views.List(*scope);
  if (!listed.ok()) return call.Reply(ErrorResponse(listed.error()));

  core::PruneAsk ask{deps.clock.Now()};
  if (request->until) ask.until = std::chrono::seconds(*request->until);
  // Every size is read before anything goes: an engine that cannot answer stops the prune with
  // nothing removed.
  std::vector<api::Pruned> chosen;
  for (const core::ContainerView& view : *listed) {
    const store::ContainerRecord& record = view.record;
    if (!core::PruneCheck(record, ask).ok()) continue;
    auto size = deps.engine.WritableLayerSize(record.docker_id);
    if (!size.ok() && size.error().code != ErrorCode::kNotFound) {
      return call.Reply(ErrorResponse(
          EngineFailure(fmt::format("measure container {}", record.name), size.error())));
    }
    chosen.push_back(api::Pruned{record.name, api::Owner{record.uid, record.user}, record.project,
                                 record.docker_id, size.ok() ? *size : 0,
                                 *core::IdleSince(record)});
  }

  api::PruneReport report;
  report.dry_run = request->dry_run;
  for (api::Pruned& pruned : chosen) {
    if (!report.dry_run) {
      Status removed = deps.service.Prune(call.caller.actor(), pruned.owner.uid, pruned.name, ask);
      if (!removed.ok() && removed.error().code == ErrorCode::kNotFound) continue;  // gone since
      if (!removed.ok()) {
        report.skipped.push_back({pruned.name, pruned.owner, removed.error().message});
        continue;
      }
    }
    report.space_reclaimed_bytes += pruned.size_bytes;
    report.removed.push_back(std::move(pruned));
  }
  Log(call.caller, "containers", report);
  call.Reply(JsonResponse(200, report));
}

// Whose images a prune reaches: the caller's own by uid; an admin's everyone's, or the images
// built for the user ?owner= names.
core::ImageScope ImageScopeOf(const Caller& caller, const std::optional<std::string>& owner) {
  if (owner && *owner != caller.identity.user) return core::ImageScope{std::nullopt, *owner};
  if (caller.admin && !owner) return core::ImageScope{};
  return core::ImageScope{caller.identity.uid, std::nullopt};
}

// Why the engine kept an image ("…being used by stopped container 1a2b3c4d5e6f"): the container
// by name when it is one of the image owner's, else that a container uses it; a refusal of
// another kind in the engine's words.
std::string WhyKept(const Error& refusal, const ApiDeps& deps, uid_t owner) {
  constexpr std::string_view kContainer = "container ";
  const auto at = refusal.message.rfind(kContainer);
  if (at == std::string::npos) return refusal.message;
  const std::size_t start = at + kContainer.size();
  const std::string id = refusal.message.substr(start, refusal.message.find(' ', start) - start);
  auto containers = core::ContainerViews(deps.store).List(owner);
  if (!id.empty() && containers.ok()) {
    for (const core::ContainerView& view : *containers) {
      if (view.record.docker_id.starts_with(id)) {
        return fmt::format("container {} still uses it (recreate it to move it to the new build)",
                           view.record.name);
      }
    }
  }
  return "a container still uses it";
}

// Removes the dangling image `id` unless it has been named again since it was listed: true when
// it went, false when it is no longer there to prune; an Error says why it stayed.
Result<bool> RemoveDangling(const ApiDeps& deps, const std::string& id, uid_t owner) {
  auto image = deps.images.FindImage(id);
  if (!image.ok() && image.error().code == ErrorCode::kNotFound) return false;
  if (!image.ok()) return EngineFailure("inspect the image", image.error());
  if (!image->repo_tags.empty()) return false;
  Status removed = deps.images.RemoveImage(id, false);
  if (removed.ok()) return true;
  if (removed.error().code == ErrorCode::kNotFound) return false;
  if (removed.error().code == ErrorCode::kConflict) {
    return MakeError(ErrorCode::kConflict, WhyKept(removed.error(), deps, owner));
  }
  return EngineFailure("remove the image", removed.error());
}

void PruneImages(const RouteCall& call, const ApiDeps& deps) {
  auto request = ParseImagePruneBody(call.body());
  if (!request.ok()) return call.Reply(ErrorResponse(request.error()));
  const auto owner = QueryValue(call.query(), "owner");
  if (Status may = MayPrune(call.caller, owner, "images"); !may.ok()) {
    return call.Reply(ErrorResponse(may.error()));
  }
  auto images = deps.images.ListImages(core::ImageQuery{{}, {}, true});
  if (!images.ok()) {
    return call.Reply(ErrorResponse(EngineFailure("list the images", images.error())));
  }
  core::ImageSpace space(*images);

  api::PruneReport report;
  report.dry_run = request->dry_run;
  for (const core::PrunableImage& prunable :
       core::PrunableImages(*images, ImageScopeOf(call.caller, owner))) {
    const core::ProjectImageOwner& whose = prunable.owner;
    const std::string& id = prunable.image.id;
    const api::Owner wire_owner{whose.uid, whose.user};
    const std::string name = core::ShortImageId(id);
    // A build holds its project until it has tagged its result, an image that is untagged until
    // then (or, from the cache, an old build named again): held here too, none can go meanwhile.
    const auto claim = deps.builder.Claim(whose.uid, whose.project);
    if (!claim) {
      report.skipped.push_back(
          {name, wire_owner, fmt::format("project {} is being built", whose.project)});
      continue;
    }
    if (!report.dry_run) {
      auto removed = RemoveDangling(deps, id, whose.uid);
      if (!removed.ok()) {
        report.skipped.push_back({name, wire_owner, removed.error().message});
        continue;
      }
      if (!*removed) continue;
    }
    const std::int64_t freed = space.Remove(id);
    report.space_reclaimed_bytes += freed;
    report.removed.push_back(
        api::Pruned{name, wire_owner, whose.project, id, freed, prunable.image.created});
  }
  Log(call.caller, "images", report);
  call.Reply(JsonResponse(200, report));
}

}  // namespace

void AddPruneRoutes(Router& router, const ApiDeps& deps) {
  router.Add("POST", "/v1/containers/prune", kPruning, With(deps, PruneContainers));
  router.Add("POST", "/v1/images/prune", kPruning, With(deps, PruneImages));
}

}  // namespace ds01::daemon
