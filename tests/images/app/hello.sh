#!/bin/sh
echo "hello from ds01-test/app"
