package dev.kiln.callback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallbackPathsTest {

    @Test
    void aConfiguredCallbackUrlMustNameTheServedPath() {
        assertThat(CallbackPaths.names("https://kiln.example/callbacks/hitem3d", "hitem3d"))
                .isTrue();
        assertThat(CallbackPaths.names("https://kiln.example/callbacks/hitem3d/", "hitem3d"))
                .isTrue();
        assertThat(CallbackPaths.names("https://kiln.example/callbacks/hitem3d?x=1", "hitem3d"))
                .isTrue();
        assertThat(CallbackPaths.names("https://kiln.example/callbacks", "hitem3d"))
                .isFalse();
        assertThat(CallbackPaths.names("https://kiln.example/hooks/hitem3d", "hitem3d"))
                .isFalse();
        assertThat(CallbackPaths.names("not a url", "hitem3d")).isFalse();
    }
}
