package io.siyu.sandbox;
