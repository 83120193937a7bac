package dev.kiln.provider;

import dev.kiln.net.OutboundPolicy;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.provider.hitem3d.Hitem3dAdapter;
import dev.kiln.provider.hitem3d.Hitem3dRequestValidator;
import dev.kiln.provider.hunyuan.HunyuanAdapter;
import dev.kiln.provider.hunyuan.HunyuanRequestValidator;
import dev.kiln.provider.meshy.MeshyClient;
import dev.kiln.provider.meshy.MeshyFigureAdapter;
import dev.kiln.provider.meshy.MeshyFigureRequestValidator;
import dev.kiln.provider.meshy.MeshyImageTo3dAdapter;
import dev.kiln.provider.meshy.MeshyImageTo3dRequestValidator;
import io.quarkus.arc.Unremovable;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * Wires the plain adapter classes into the application: one validator bean per provider (intake picks them
 * by {@link ProviderRequestValidator#provider()}) and the registry of adapters (dispatch and tracking).
 * Nothing here needs credentials: an adapter without them fails its calls as {@link ErrorKind#AUTHENTICATION}.
 * The beans are unremovable because intake and dispatch may look them up programmatically.
 */
public class ProviderBeans {

    @Produces
    @Singleton
    @Unremovable
    Hitem3dRequestValidator hitem3dValidator(ProvidersConfig config) {
        return new Hitem3dRequestValidator(config.hitem3d());
    }

    @Produces
    @Singleton
    @Unremovable
    HunyuanRequestValidator hunyuanValidator(ProvidersConfig config) {
        return new HunyuanRequestValidator(config.hunyuan());
    }

    @Produces
    @Singleton
    @Unremovable
    MeshyImageTo3dRequestValidator meshyImageValidator(ProvidersConfig config) {
        return new MeshyImageTo3dRequestValidator(config.meshy(), false);
    }

    // A distinct type per bean keeps injection by type unambiguous; intake sees both through the interface.
    @Produces
    @Singleton
    @Unremovable
    MeshyMultiImageValidator meshyMultiImageValidator(ProvidersConfig config) {
        return new MeshyMultiImageValidator(new MeshyImageTo3dRequestValidator(config.meshy(), true));
    }

    @Produces
    @Singleton
    @Unremovable
    MeshyFigureRequestValidator meshyFigureValidator(ProvidersConfig config) {
        return new MeshyFigureRequestValidator(config.meshy());
    }

    @Produces
    @Singleton
    @Unremovable
    ProviderRegistry registry(Vertx vertx, ProvidersConfig config, OutboundPolicy outbound, Clock clock) {
        // The application's clock (ClockProducer), so tests that move time move the adapters' time too.
        MeshyClient meshy = new MeshyClient(vertx, config.meshy(), clock);
        return new ProviderRegistry(List.of(
                new Hitem3dAdapter(vertx, config.hitem3d(), outbound, clock),
                new HunyuanAdapter(vertx, config.hunyuan(), clock),
                new MeshyImageTo3dAdapter(meshy, false),
                new MeshyImageTo3dAdapter(meshy, true),
                new MeshyFigureAdapter(meshy)));
    }

    void closeRegistry(@Disposes ProviderRegistry registry) {
        registry.close();
    }

    /** The multi-image validator under its own bean type. */
    public static final class MeshyMultiImageValidator implements ProviderRequestValidator {
        private final MeshyImageTo3dRequestValidator rules;

        MeshyMultiImageValidator(MeshyImageTo3dRequestValidator rules) {
            this.rules = rules;
        }

        @Override
        public String provider() {
            return rules.provider();
        }

        @Override
        public List<Violation> validate(dev.kiln.contract.JobRequest request) {
            return rules.validate(request);
        }
    }
}
