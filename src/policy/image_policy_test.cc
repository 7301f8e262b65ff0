#include "policy/image_policy.h"

#include <gtest/gtest.h>

namespace ds01::policy {
namespace {

Config Catalogue() {
  Config config;
  config.frameworks = {{"minimal", "debian:bookworm-slim"}, {"pytorch", "aime/pytorch:2.8.0"}};
  config.images.allowed = {"nvcr.io/nvidia/*", "ds01-test/*"};
  return config;
}

TEST(NormalizeImageReference, WritesReferencesAsTheEngineListsThem) {
  EXPECT_EQ(NormalizeImageReference("ubuntu"), "ubuntu:latest");
  EXPECT_EQ(NormalizeImageReference("docker.io/library/ubuntu:22.04"), "ubuntu:22.04");
  EXPECT_EQ(NormalizeImageReference("docker.io/aime/pytorch"), "aime/pytorch:latest");
  EXPECT_EQ(NormalizeImageReference("localhost:5000/x"), "localhost:5000/x:latest");
  EXPECT_EQ(NormalizeImageReference("x@sha256:abc"), "x@sha256:abc");
}

TEST(NormalizeImageReference, DockerHubHasOneNameWhateverItsDomainIsCalled) {
  for (const char* reference :
       {"ubuntu", "library/ubuntu", "docker.io/library/ubuntu", "index.docker.io/library/ubuntu",
        "registry-1.docker.io/library/ubuntu:latest", "docker.io/ubuntu",
        "index.docker.io/ubuntu"}) {
    EXPECT_EQ(NormalizeImageReference(reference), "ubuntu:latest") << reference;
  }
  EXPECT_EQ(NormalizeImageReference("index.docker.io/aime/pytorch:2.8.0"), "aime/pytorch:2.8.0");
  EXPECT_EQ(NormalizeImageReference("registry-1.docker.io/ds01-1001/x"), "ds01-1001/x:latest");
  // Only an official image's one-part name loses "library/"; the engine keeps it in "library/a/b".
  EXPECT_EQ(NormalizeImageReference("docker.io/library/a/b"), "library/a/b:latest");
  EXPECT_EQ(NormalizeImageReference("nvcr.io/library/x"), "nvcr.io/library/x:latest");
}

TEST(MayUseImage, TheUsersOwnProjectImagesTheCatalogueAndTheAllowList) {
  const Config config = Catalogue();
  for (const char* image :
       {"ds01-1000/thesis:latest", "ds01-1000/thesis", "debian:bookworm-slim",
        "docker.io/library/debian:bookworm-slim", "aime/pytorch:2.8.0",
        "nvcr.io/nvidia/pytorch:24.01-py3", "ds01-test/base:latest", "ds01-test/app"}) {
    EXPECT_TRUE(MayUseImage(image, 1000, config)) << image;
  }
}

TEST(MayUseImage, NeverAnotherUsersProjectImagesNorIdsNorTheRest) {
  Config config = Catalogue();
  config.images.allowed.push_back("*");
  config.images.allowed.push_back("*/*");
  for (const char* image : {"ds01-1001/thesis:latest", "ds01-10000/thesis", "ds01-01000/thesis",
                            "ds01-0/x", "sha256:0123456789abcdef", "0123abcd", "deadbeef0123"}) {
    EXPECT_FALSE(MayUseImage(image, 1000, config)) << image;
  }
  const Config strict = Catalogue();
  for (const char* image :
       {"debian:latest", "nvcr.io/nvidia/a/b:1", "aime/pytorch:2.9.0", "ubuntu", ""}) {
    EXPECT_FALSE(MayUseImage(image, 1000, strict)) << image;
  }
}

TEST(MayUseImage, AnotherUsersImageUnderAnyHubDomainIsRefused) {
  Config config = Catalogue();
  config.images.allowed = {"*", "*/*", "*/*/*"};
  for (const char* image : {"index.docker.io/ds01-1001/x", "registry-1.docker.io/ds01-1001/x:v1",
                            "docker.io/ds01-1001/x"}) {
    EXPECT_FALSE(MayUseImage(image, 1000, config)) << image;
  }
  EXPECT_TRUE(MayUseImage("index.docker.io/ds01-1000/x", 1000, Catalogue()));
  EXPECT_TRUE(MayUseImage("registry-1.docker.io/library/debian:bookworm-slim", 1000, Catalogue()));
}

TEST(MayUseImage, HexNamesOfAnyLengthAreIdPrefixes) {
  Config config = Catalogue();
  config.images.allowed = {"*"};
  for (const char* image : {"a", "ab", "abc", "0", "f00"}) {
    EXPECT_FALSE(MayUseImage(image, 1000, config)) << image;
  }
  for (const char* image : {"abc:1", "abg", "library/abc"}) {
    EXPECT_TRUE(MayUseImage(image, 1000, config)) << image;
  }
}

TEST(TaggedAs, TellsANameFromAnIdPrefix) {
  EXPECT_TRUE(TaggedAs("ubuntu", {"ubuntu:latest"}));
  EXPECT_TRUE(TaggedAs("docker.io/library/ubuntu:latest", {"ubuntu:latest"}));
  EXPECT_FALSE(TaggedAs("cafe", {"ds01-1001/secret:latest"}));
  EXPECT_TRUE(TaggedAs("ubuntu@sha256:abc", {}));
}

}  // namespace
}  // namespace ds01::policy
