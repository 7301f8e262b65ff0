#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "policy/validation.h"
#include "store/records.h"

namespace ds01::core {

/// A container's labels (or an engine event's attributes, which carry them).
using Labels = std::map<std::string, std::string>;

/// What ds01d records on every managed container (DESIGN.md §4): the recovery record a
/// reconcile rebuilds the state from after a crash, and what each start reopens. Written and
/// read here alone; no other code names a `ds01.*` label.
struct ManagedLabels {
  uid_t uid = 0;
  std::string user;
  std::string name;
  std::string project;
  std::string interface = "atomic";
  std::optional<store::TimePoint> created_at;  // second precision
  std::vector<std::string> slot_ids;           // "2", "7:3"
  std::vector<std::string> slot_uuids;
  std::vector<policy::BindMount> binds;  // as policy accepted them: host sources, not staging
};

/// Writes every `ds01.*` label of `managed` into `labels`, replacing any there; others stay.
void WriteLabels(const ManagedLabels& managed, Labels& labels);

/// The record `labels` carry. kInvalidArgument, naming the label, when they do not say
/// ds01.managed=true, the uid is not one, or the owner or name is missing; a malformed optional
/// label (a time, the binds) reads as absent.
Result<ManagedLabels> ReadLabels(const Labels& labels);

/// The label filter that selects managed containers: "ds01.managed=true".
std::string ManagedFilter();

/// The labels ds01d gives an image it builds for `user`'s `project`.
Labels ProjectImageLabels(uid_t uid, const std::string& user, const std::string& project);

/// Whose project image an image is, and of which project, as ds01d labelled it at its build.
struct ProjectImageOwner {
  uid_t uid = 0;
  std::string user;
  std::string project;
};

/// The owner `labels` name when ds01d built the image; nullopt for any other image (no
/// ds01.image.uid, or one that is not a uid): a base image, the catalogue's, a build step's.
std::optional<ProjectImageOwner> ReadProjectImageLabels(const Labels& labels);

/// A Dockerfile instruction that sets `labels`: `LABEL "k"="v" …` and a newline. Keys and
/// values must hold no quote, backslash or newline (ds01's own never do).
std::string LabelInstruction(const Labels& labels);

/// A `ds01.*` label of `labels` that `expected` does not hold with the same value, if any: an
/// image whose Dockerfile set one would pass it on to every container made from it.
std::optional<std::string> ForeignImageLabel(const Labels& labels, const Labels& expected);

}  // namespace ds01::core
