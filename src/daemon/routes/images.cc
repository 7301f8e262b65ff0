#include "daemon/routes/images.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "api/names.h"
#include "api/wire_build.h"
#include "api/wire_images.h"
#include "api/wire_json.h"
#include "core/container_name.h"
#include "core/container_view.h"
#include "core/image_builder.h"
#include "daemon/api_response.h"
#include "daemon/request_bodies.h"
#include "docker/build_progress.h"
#include "policy/image_policy.h"

namespace ds01::daemon {
namespace {

// Images are no container's: any user may call both, and each sees and removes their own alone.
// Both wait on the engine, beside whatever else runs.
constexpr RouteTraits kListing{Access::kAnyUser, true, 0, EngineUse::kWaitsAlongside};
constexpr RouteTraits kRemoving{Access::kAnyUser, false, kSmallBodyBytes,
                                EngineUse::kWaitsAlongside};
// A build holds its place among the caller's engine calls while it runs, minutes perhaps; one
// build of a project at a time (ImageBuilder::Claim), answered busy otherwise.
constexpr RouteTraits kBuilding{Access::kAnyUser, false, kSmallBodyBytes,
                                EngineUse::kWaitsAlongside};

// The one answer for a name that is not the caller's project image: missing, another user's, a
// catalogue image or an id all read the same, so that nobody learns what others have built.
Error NoSuchImage(std::string_view name) {
  return MakeError(ErrorCode::kNotFound, fmt::format("Image '{}' not found", name),
                   "image-list shows your images; image-delete takes the project's name");
}

// "ds01-1001/my-thesis:latest" → {"ds01-1001/my-thesis", "latest"}.
std::pair<std::string, std::string> SplitReference(const std::string& reference) {
  const auto slash = reference.rfind('/');
  const auto colon = reference.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) {
    return {reference, ""};
  }
  return {reference.substr(0, colon), reference.substr(colon + 1)};
}

// The names of `containers` made from `reference`, in the order given (by name).
std::vector<std::string> UsedBy(const std::vector<core::ContainerView>& containers,
                                const std::string& reference) {
  const std::string normal = policy::NormalizeImageReference(reference);
  std::vector<std::string> names;
  for (const core::ContainerView& view : containers) {
    if (policy::NormalizeImageReference(view.record.image) == normal) {
      names.push_back(view.record.name);
    }
  }
  return names;
}

api::Image WireImage(const std::string& reference, const core::LocalImage& image,
                     std::optional<api::Owner> owner,
                     const std::vector<core::ContainerView>& containers) {
  auto [repository, tag] = SplitReference(reference);
  const bool project = owner.has_value();
  return api::Image{reference,
                    std::move(repository),
                    std::move(tag),
                    image.id,
                    image.size_bytes,
                    image.created,
                    std::move(owner),
                    project ? "project" : "catalogue",
                    UsedBy(containers, reference)};
}

// Whose project images a listing shows: the caller's own; an admin may name another user with
// ?owner=USER (one ds01 knows, from their containers). A user naming anyone else sees nothing.
Result<std::optional<api::Owner>> ListedOwner(const RouteCall& call, const ApiDeps& deps) {
  const policy::Identity& caller = call.caller.identity;
  const auto owner = QueryValue(call.query(), "owner");
  if (!owner || *owner == caller.user) return std::optional(api::Owner{caller.uid, caller.user});
  if (!call.caller.admin) return std::optional<api::Owner>();
  auto uid = core::ContainerViews(deps.store).OwnerUid(*owner);
  if (!uid.ok()) return std::move(uid).error();
  if (!uid->has_value()) {
    return MakeError(ErrorCode::kNotFound, fmt::format("No images of '{}'", *owner),
                     "check the user name (ds01 knows a user once they have a container)");
  }
  return std::optional(api::Owner{**uid, *owner});
}

// The frameworks' images (config `frameworks:`) the owner may use, as the engine names them.
std::vector<std::string> CatalogueReferences(const policy::Config& config, uid_t owner) {
  const std::string own_prefix = fmt::format("ds01-{}/", owner);
  std::set<std::string> references;
  for (const auto& [framework, image] : config.frameworks) {
    std::string normal = policy::NormalizeImageReference(image);
    // Never another user's project image, whatever the config says; the owner's own is listed
    // as theirs already.
    if (policy::MayUseImage(normal, owner, config) && !normal.starts_with(own_prefix)) {
      references.insert(std::move(normal));
    }
  }
  return {references.begin(), references.end()};
}

void List(const RouteCall& call, const ApiDeps& deps) {
  auto owner = ListedOwner(call, deps);
  if (!owner.ok()) return call.Reply(ErrorResponse(owner.error()));
  api::ImageList list;
  if (!owner->has_value()) return call.Reply(JsonResponse(200, list));
  const api::Owner& whose = **owner;
  auto containers = core::ContainerViews(deps.store).List(whose.uid);
  if (!containers.ok()) return call.Reply(ErrorResponse(containers.error()));

  const std::string prefix = fmt::format("ds01-{}/", whose.uid);
  auto projects = deps.images.ListImages(core::ImageQuery{{prefix + "*"}, {}});
  if (!projects.ok()) {
    return call.Reply(ErrorResponse(EngineFailure("list the images", projects.error())));
  }
  for (const core::LocalImage& image : *projects) {
    for (const std::string& reference : image.repo_tags) {
      // The filter matched the image; its other references may be anyone's.
      if (reference.starts_with(prefix) &&
          reference.find('/', prefix.size()) == std::string::npos) {
        list.images.push_back(WireImage(reference, image, whose, *containers));
      }
    }
  }
  const auto by_reference = [](const api::Image& a, const api::Image& b) {
    return a.reference < b.reference;
  };
  std::sort(list.images.begin(), list.images.end(), by_reference);

  const std::vector<std::string> catalogue =
      QueryFlag(call.query(), "all") ? CatalogueReferences(*deps.config.Snapshot(), whose.uid)
                                     : std::vector<std::string>();
  if (!catalogue.empty()) {
    auto found = deps.images.ListImages(core::ImageQuery{catalogue, {}});
    if (!found.ok()) {
      return call.Reply(ErrorResponse(EngineFailure("list the images", found.error())));
    }
    const auto first = list.images.size();
    for (const core::LocalImage& image : *found) {
      for (const std::string& reference : image.repo_tags) {
        if (std::binary_search(catalogue.begin(), catalogue.end(),
                               policy::NormalizeImageReference(reference))) {
          list.images.push_back(WireImage(reference, image, std::nullopt, *containers));
        }
      }
    }
    std::sort(list.images.begin() + static_cast<std::ptrdiff_t>(first), list.images.end(),
              by_reference);
  }
  call.Reply(JsonResponse(200, list));
}

void Remove(const RouteCall& call, const ApiDeps& deps) {
  auto force = ParseImageRemoveBody(call.body());
  if (!force.ok()) return call.Reply(ErrorResponse(force.error()));
  const policy::Identity& caller = call.caller.identity;
  const auto owner = QueryValue(call.query(), "owner");
  if (owner && *owner != caller.user) {
    // Answered before anything is looked up: it says nothing of what the other user has.
    return call.Reply(ErrorResponse(MakeError(ErrorCode::kPermissionDenied,
                                              "Images are deleted by their owner alone",
                                              fmt::format("ask {} to run image-delete", *owner))));
  }
  const std::string& name = call.name();
  // The reference is always the caller's own: another user's project, a catalogue image or an
  // id cannot be named, and a name that is not a project's is missing like any other.
  if (!api::ValidateProjectName(name).ok()) return call.Reply(ErrorResponse(NoSuchImage(name)));
  const std::string reference = core::ProjectImage(caller.uid, name);
  auto image = deps.images.FindImage(reference);
  if (!image.ok() && image.error().code != ErrorCode::kNotFound) {
    return call.Reply(ErrorResponse(EngineFailure("inspect image " + name, image.error())));
  }
  if (!image.ok() || !policy::TaggedAs(reference, image->repo_tags)) {
    return call.Reply(ErrorResponse(NoSuchImage(name)));
  }

  auto containers = core::ContainerViews(deps.store).List(caller.uid);
  if (!containers.ok()) return call.Reply(ErrorResponse(containers.error()));
  const std::vector<std::string> users = UsedBy(*containers, reference);
  if (!users.empty()) {
    const bool one = users.size() == 1;
    return call.Reply(ErrorResponse(MakeError(
        ErrorCode::kConflict,
        fmt::format("Cannot delete image {}: container{} {} {} it", name, one ? "" : "s",
                    fmt::join(users, ", "), one ? "uses" : "use"),
        fmt::format("remove {} first (container-remove {} --stop, or container retire {}), then "
                    "image-delete {}",
                    one ? "it" : "them", one ? users.front() : "NAME", one ? users.front() : "NAME",
                    name))));
  }

  Status removed = deps.images.RemoveImage(reference, *force);
  if (!removed.ok()) {
    if (removed.error().code == ErrorCode::kNotFound) {
      return call.Reply(ErrorResponse(NoSuchImage(name)));
    }
    if (removed.error().code == ErrorCode::kConflict) {
      // A container ds01 does not manage (made outside it) still uses the image.
      return call.Reply(ErrorResponse(MakeError(
          ErrorCode::kConflict,
          fmt::format("Cannot delete image {}: a container outside ds01 uses it", name),
          fmt::format("ask an admin which one, or image-delete {} --force to remove the name "
                      "and leave the image to that container",
                      name))));
    }
    return call.Reply(ErrorResponse(EngineFailure("remove image " + name, removed.error())));
  }
  spdlog::info("{} deleted image {}{}", caller.user, reference, *force ? " (force)" : "");
  call.Reply(JsonResponse(200, api::ImageRemoved{reference}));
}

// Sends `line` on `stream`; false once the client has gone.
bool SendLine(http::Stream& stream, const api::BuildLine& line) {
  return stream.Send(api::DumpWire(nlohmann::json(line)) + "\n");
}

void Build(const RouteCall& call, const ApiDeps& deps) {
  auto request = ParseBuildBody(call.body());
  if (!request.ok()) return call.Reply(ErrorResponse(request.error()));
  const policy::Identity& caller = call.caller.identity;
  const std::string& project = call.name();
  auto claim = deps.builder.Claim(caller.uid, project);
  if (!claim) {
    return call.Reply(ErrorResponse(
        MakeError(ErrorCode::kConflict, fmt::format("Project {} is being built already", project),
                  "wait for that build to finish; image-list shows its image when it has")));
  }
  auto prepared = deps.builder.Prepare(
      caller, core::BuildAsk{project, request->base, request->no_cache}, *deps.config.Snapshot());
  if (!prepared.ok()) return call.Reply(ErrorResponse(prepared.error()));

  auto stream = call.exchange.StartStream(200, {{"Content-Type", "application/x-ndjson"}});
  if (!stream.ok()) return call.Reply(ErrorResponse(stream.error()));
  spdlog::info("{} builds image {} of project {}", caller.user,
               core::ProjectImage(caller.uid, project), project);
  // ds01's LABEL step, after the Dockerfile's own, is neither counted nor shown.
  const int own_steps = core::kStepsAdded;
  std::optional<api::BuildLine::Step> step;
  bool ours = false;
  auto built = deps.builder.Run(std::move(*prepared), [&](const docker::BuildEvent& event) {
    api::BuildLine line;
    if (auto header = docker::ParseStepHeader(event.text)) {
      const int users = header->of - own_steps;
      ours = header->number > users;
      if (ours) return true;
      step = api::BuildLine::Step{header->number, users, header->instruction};
      line.step = step;
    } else if (ours) {
      return true;
    } else if (event.kind == docker::BuildEvent::Kind::kStream ||
               event.kind == docker::BuildEvent::Kind::kStatus) {
      line.output = event.text;
    } else {
      return true;  // the outcome comes last, from Run
    }
    return SendLine(**stream, line);
  });

  api::BuildLine last;
  if (built.ok()) {
    std::vector<std::string> still_on_replaced;
    if (built->replaced) {
      auto containers = core::ContainerViews(deps.store).List(caller.uid);
      if (containers.ok()) still_on_replaced = UsedBy(*containers, built->reference);
    }
    last.built = api::BuildLine::Built{built->reference, built->id, built->replaced,
                                       std::move(still_on_replaced)};
    spdlog::info("{} built image {} ({})", caller.user, built->reference, built->id);
  } else {
    const Error& error = built.error();
    last.failed = api::BuildLine::Failed{
        api::ErrorBody{error.code, error.message, error.hint},
        error.code == ErrorCode::kInvalidArgument ? step : std::optional<api::BuildLine::Step>()};
    spdlog::info("{}'s build of {} failed: {}", caller.user, project, error.ToString());
  }
  SendLine(**stream, last);
  (*stream)->End();
}

}  // namespace

void AddImageRoutes(Router& router, const ApiDeps& deps) {
  router.Add("GET", "/v1/images", kListing, With(deps, List));
  router.Add("POST", "/v1/images/{name}/remove", kRemoving, With(deps, Remove));
  router.Add("POST", "/v1/images/{name}/build", kBuilding, With(deps, Build));
}

}  // namespace ds01::daemon
