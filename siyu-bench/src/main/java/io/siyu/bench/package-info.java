package io.siyu.bench;
