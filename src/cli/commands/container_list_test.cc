#include "cli/commands/container_list.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

Result<ContainerListOptions> Parse(const std::vector<std::string>& args) {
  ContainerListOptions options;
  ArgSpec spec("container-list");
  DeclareContainerList(spec, options);
  DS01_RETURN_IF_ERROR(spec.Parse(args));
  return options;
}

TEST(ContainerListFlags, TakeAllAndAFormat) {
  auto options = Parse({"--all", "--format=json"});
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->all);
  EXPECT_EQ(options->format, OutputFormat::kJson);
  auto spaced = Parse({"--format", "simple"});
  ASSERT_TRUE(spaced.ok());
  EXPECT_EQ(spaced->format, OutputFormat::kSimple);
  EXPECT_FALSE(spaced->all);
}

TEST(ContainerListFlags, RefuseAnUnknownFormat) {
  auto options = Parse({"--format=xml"});
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(options.error().hint, "use --format=table, --format=json or --format=simple");
}

TEST(RunContainerList, IsOneRequestAndAsksForEveryStateOnlyWithAll) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers",
                  api::ContainerList{{MakeContainer("a", State::kRunning)}});
  t.daemon.Answer("GET", "/v1/containers?all=1",
                  api::ContainerList{
                      {MakeContainer("a", State::kRunning), MakeContainer("b", State::kStopped)}});
  ContainerListOptions options;
  options.format = OutputFormat::kSimple;
  ASSERT_TRUE(RunContainerList(t.session, options).ok());
  options.all = true;
  ASSERT_TRUE(RunContainerList(t.session, options).ok());
  EXPECT_EQ(t.daemon.requests.size(), 2u);
  EXPECT_EQ(t.out.str(), "a\na\nb\n");
}

TEST(RunContainerList, JsonPrintsTheDaemonsObjects) {
  TestSession t;
  const api::ContainerList list{{MakeContainer("a", State::kRunning)}};
  t.daemon.Answer("GET", "/v1/containers", list);
  ContainerListOptions options;
  options.format = OutputFormat::kJson;
  ASSERT_TRUE(RunContainerList(t.session, options).ok());
  EXPECT_EQ(json::parse(t.out.str()), json(list.containers));
}

TEST(RunContainerList, AnEmptyTableSaysWhereToLookNext) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/containers", api::ContainerList{{}});
  ASSERT_TRUE(RunContainerList(t.session, {}).ok());
  EXPECT_NE(t.out.str().find("container-list --all"), std::string::npos) << t.out.str();
}

}  // namespace
}  // namespace ds01::cli
