/** Meshy Image to 3D and Multi-Image to 3D: request rules and routes. */
package dev.kiln.emulator.meshy.imageto3d;
