// ImageApi against the real engine: builds from temporary contexts FROM the local base image.
#include "docker/images.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/containers.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::docker {
namespace {

namespace fs = std::filesystem;
using engine_test::UniqueName;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr std::string_view kTestLabel = "ds01.test.images";

class ContextDir {
 public:
  ContextDir() {
    std::string pattern = (fs::temp_directory_path() / "ds01-build-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~ContextDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

  void Write(const std::string& name, const std::string& text) {
    fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

class ImagesTest : public engine_test::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    images_.emplace(engine());
    label_value_ = UniqueName("label");
  }

  // Builds `dockerfile` (plus `files`) with the test label; the image and `options.tags` are
  // removed after the test. Fails the test when the build fails.
  std::string Build(BuildOptions options, const std::string& dockerfile,
                    const std::vector<std::pair<std::string, std::string>>& files = {},
                    const std::function<bool(const BuildEvent&)>& on_event = {}) {
    ContextDir context;
    context.Write("Dockerfile", dockerfile);
    for (const auto& [name, text] : files) context.Write(name, text);
    options.labels.emplace(kTestLabel, label_value_);
    for (const std::string& tag : options.tags) cleanup().Image(tag);
    Result<BuildContext> tar = MakeBuildContext(context.path());
    EXPECT_TRUE(tar.ok()) << tar.error().ToString();
    if (!tar.ok()) return {};
    Result<std::string> id = images_->Build(options, std::move(*tar), on_event);
    EXPECT_TRUE(id.ok()) << id.error().ToString();
    if (!id.ok()) return {};
    cleanup().Image(*id);
    return *id;
  }

  // The "key=value" filter that selects what this test built.
  std::string Label() const { return std::string(kTestLabel) + "=" + label_value_; }
  const std::string& LabelValue() const { return label_value_; }

  ImageApi& images() { return *images_; }

 private:
  std::optional<ImageApi> images_;
  std::string label_value_;
};

// A build callback that appends every event to `events`.
std::function<bool(const BuildEvent&)> CollectInto(std::vector<BuildEvent>* events) {
  return [events](const BuildEvent& event) {
    events->push_back(event);
    return true;
  };
}

std::string StreamText(const std::vector<BuildEvent>& events) {
  std::string text;
  for (const BuildEvent& event : events) {
    if (event.kind == BuildEvent::Kind::kStream) text += event.text;
  }
  return text;
}

TEST_F(ImagesTest, BuildSendsTheContextWithoutIgnoredFilesAndAppliesArgsAndLabels) {
  std::string tag = UniqueName("build") + ":latest";
  BuildOptions options;
  options.tags = {tag};
  options.build_args = {{"GREETING", "hello-ds01"}};
  std::vector<BuildEvent> events;
  std::string id = Build(options,
                         "FROM ds01-test/base:latest\n"
                         "ARG GREETING\n"
                         "ENV GREETING_SEEN=$GREETING\n"
                         "COPY . /ctx/\n"
                         "RUN test -e /ctx/kept.txt && test -e /ctx/logs/keep.log\n"
                         "RUN test ! -e /ctx/secret.txt && test ! -e /ctx/logs/debug.log\n",
                         {{".dockerignore", "secret.txt\nlogs\n!logs/keep.log\n"},
                          {"kept.txt", "k"},
                          {"secret.txt", "must not reach the engine"},
                          {"logs/debug.log", "d"},
                          {"logs/keep.log", "k"}},
                         CollectInto(&events));
  ASSERT_FALSE(id.empty());
  EXPECT_THAT(id, ::testing::StartsWith("sha256:"));
  EXPECT_THAT(StreamText(events), HasSubstr("Step 6/"));
  EXPECT_THAT(events, Contains(::testing::Field(&BuildEvent::text, id)));

  Result<ImageInspect> image = images().Inspect(tag);
  ASSERT_TRUE(image.ok()) << image.error().ToString();
  EXPECT_EQ(image->id, id);
  EXPECT_THAT(image->repo_tags, ElementsAre(tag));
  EXPECT_THAT(image->env, Contains("GREETING_SEEN=hello-ds01"));
  EXPECT_THAT(image->labels, Contains(Pair(std::string(kTestLabel), LabelValue())));
}

TEST_F(ImagesTest, SecondBuildUsesTheCacheUnlessNoCacheIsSet) {
  std::string tag = UniqueName("cache") + ":latest";
  std::string dockerfile = "FROM ds01-test/base:latest\nRUN date +%s%N > /stamp\n";
  BuildOptions options;
  options.tags = {tag};
  std::string first = Build(options, dockerfile);

  std::vector<BuildEvent> cached_events;
  std::string cached = Build(options, dockerfile, {}, CollectInto(&cached_events));
  EXPECT_EQ(cached, first);
  EXPECT_THAT(StreamText(cached_events), HasSubstr("Using cache"));

  options.no_cache = true;
  std::vector<BuildEvent> fresh_events;
  std::string fresh = Build(options, dockerfile, {}, CollectInto(&fresh_events));
  EXPECT_NE(fresh, first);
  EXPECT_THAT(StreamText(fresh_events), Not(HasSubstr("Using cache")));
}

TEST_F(ImagesTest, FailingRunIsABuildFailureCarryingTheEnginesMessage) {
  std::string marker = UniqueName("fail");
  ContextDir context;
  context.Write("Dockerfile", "FROM ds01-test/base:latest\nRUN echo " + marker + " && exit 7\n");
  BuildOptions options;
  options.tags = {marker + ":latest"};
  cleanup().Image(options.tags[0]);
  std::vector<BuildEvent> events;
  Result<BuildContext> tar = MakeBuildContext(context.path());
  ASSERT_TRUE(tar.ok()) << tar.error().ToString();
  Result<std::string> id = images().Build(options, std::move(*tar), CollectInto(&events));

  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(id.error().message, HasSubstr("returned a non-zero code: 7"));
  EXPECT_THAT(events, Contains(::testing::Field(&BuildEvent::text, marker + "\n")));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, BuildEvent::Kind::kError);

  // force_rm: the failed step's container is not left behind.
  Result<std::vector<ContainerSummary>> containers = ContainerApi(engine()).List();
  ASSERT_TRUE(containers.ok()) << containers.error().ToString();
  for (const ContainerSummary& container : *containers) {
    EXPECT_THAT(container.command, Not(HasSubstr(marker))) << container.id;
  }
}

TEST_F(ImagesTest, ProgressReachesTheCallbackWhileTheBuildRuns) {
  using Clock = std::chrono::steady_clock;
  std::string marker = UniqueName("early");
  std::optional<Clock::time_point> marker_seen;
  std::string id = Build({}, "FROM ds01-test/base:latest\nRUN echo " + marker + " && sleep 2\n", {},
                         [&](const BuildEvent& event) {
                           if (event.text == marker + "\n") marker_seen = Clock::now();
                           return true;
                         });
  Clock::time_point finished = Clock::now();
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(marker_seen.has_value());
  EXPECT_GE(finished - *marker_seen, std::chrono::milliseconds(1500));
}

TEST_F(ImagesTest, TagListInspectAndRemove) {
  std::string repo = UniqueName("tagged");
  BuildOptions options;
  options.tags = {repo + ":one"};
  std::string id = Build(options, "FROM ds01-test/base:latest\nLABEL purpose=tagging\n");
  ASSERT_FALSE(id.empty());
  cleanup().Image(repo + ":two");

  ASSERT_TRUE(images().Tag(repo + ":one", repo, "two").ok());

  ImageListOptions by_reference;
  by_reference.references = {repo};
  Result<std::vector<ImageSummary>> listed = images().List(by_reference);
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, id);
  EXPECT_THAT((*listed)[0].repo_tags, UnorderedElementsAre(repo + ":one", repo + ":two"));
  EXPECT_GT((*listed)[0].size, 0);
  EXPECT_GT((*listed)[0].created, 0);
  EXPECT_THAT((*listed)[0].labels, Contains(Pair("purpose", "tagging")));

  ImageListOptions by_label;
  by_label.labels = {Label()};
  Result<std::vector<ImageSummary>> labelled = images().List(by_label);
  ASSERT_TRUE(labelled.ok()) << labelled.error().ToString();
  ASSERT_EQ(labelled->size(), 1u);
  EXPECT_EQ((*labelled)[0].id, id);

  Result<ImageInspect> inspected = images().Inspect(repo + ":two");
  ASSERT_TRUE(inspected.ok()) << inspected.error().ToString();
  EXPECT_EQ(inspected->id, id);
  EXPECT_EQ(inspected->raw["Id"], id);

  Result<ImageRemoval> untagged = images().Remove(repo + ":two");
  ASSERT_TRUE(untagged.ok()) << untagged.error().ToString();
  EXPECT_THAT(untagged->untagged, ElementsAre(repo + ":two"));
  EXPECT_THAT(untagged->deleted, IsEmpty());

  Result<ImageRemoval> deleted = images().Remove(repo + ":one");
  ASSERT_TRUE(deleted.ok()) << deleted.error().ToString();
  EXPECT_THAT(deleted->deleted, Contains(id));
  Result<ImageInspect> gone = images().Inspect(id);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

TEST_F(ImagesTest, RemovingAnImageAContainerUsesIsAConflict) {
  std::string tag = UniqueName("inuse") + ":latest";
  BuildOptions options;
  options.tags = {tag};
  std::string id = Build(options, "FROM ds01-test/base:latest\nLABEL purpose=in-use\n");
  ASSERT_FALSE(id.empty());
  ContainerSpec spec;
  spec.name = UniqueName("inuse-container");
  spec.image = tag;
  spec.cmd = {"true"};
  Result<CreatedContainer> container = ContainerApi(engine()).Create(spec);
  ASSERT_TRUE(container.ok()) << container.error().ToString();
  cleanup().Container(container->id);

  Result<ImageRemoval> removal = images().Remove(tag);
  ASSERT_FALSE(removal.ok());
  EXPECT_EQ(removal.error().code, ErrorCode::kConflict);
  EXPECT_THAT(removal.error().message, HasSubstr("must force"));
  EXPECT_THAT(removal.error().hint, HasSubstr("force"));
  EXPECT_TRUE(images().Inspect(tag).ok());
}

TEST_F(ImagesTest, PruneDanglingRemovesOnlyTheUntaggedImagesCarryingTheLabel) {
  std::string tag = UniqueName("prune") + ":latest";
  BuildOptions options;
  options.tags = {tag};
  std::string old_id = Build(options, "FROM ds01-test/base:latest\nLABEL variant=1\n");
  std::string new_id = Build(options, "FROM ds01-test/base:latest\nLABEL variant=2\n");
  ASSERT_FALSE(old_id.empty());
  ASSERT_NE(old_id, new_id);

  ImageListOptions dangling;
  dangling.dangling = true;
  dangling.labels = {Label()};
  Result<std::vector<ImageSummary>> before = images().List(dangling);
  ASSERT_TRUE(before.ok()) << before.error().ToString();
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].id, old_id);

  Result<PruneReport> report = images().PruneDangling({Label()});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_THAT(report->deleted, Contains(old_id));
  EXPECT_THAT(report->deleted, Not(Contains(new_id)));
  EXPECT_EQ(images().Inspect(old_id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(images().Inspect(tag).ok());
}

// What an image prune reckons the space it frees by: each build step's image names its parent,
// down to the base image, and only a listing with `all` shows the steps.
TEST_F(ImagesTest, ListingAllNamesEveryBuildStepsParentDownToTheBase) {
  const std::string id =
      Build({}, "FROM ds01-test/base:latest\nRUN echo one > /one\nRUN echo two > /two\n");
  ASSERT_FALSE(id.empty());
  ImageListOptions all;
  all.all = true;
  Result<std::vector<ImageSummary>> listed = images().List(all);
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  std::map<std::string, ImageSummary> by_id;
  for (const ImageSummary& image : *listed) by_id[image.id] = image;
  ASSERT_TRUE(by_id.contains(id));
  const std::string step = by_id[id].parent_id;
  std::string below = id;
  for (int depth = 0; depth < 10 && by_id[below].repo_tags.empty(); ++depth) {
    const std::string parent = by_id[below].parent_id;
    ASSERT_TRUE(by_id.contains(parent)) << "the parent of " << below << ", listed with all";
    EXPECT_LE(by_id[parent].size, by_id[below].size);
    below = parent;
  }
  EXPECT_THAT(by_id[below].repo_tags, Contains("ds01-test/base:latest"));

  Result<std::vector<ImageSummary>> top = images().List({});
  ASSERT_TRUE(top.ok()) << top.error().ToString();
  for (const ImageSummary& image : *top) EXPECT_NE(image.id, step) << "a step, without all";
}

TEST_F(ImagesTest, MissingImageIsNotFound) {
  Result<ImageInspect> image = images().Inspect(UniqueName("absent") + ":latest");
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ds01::docker
