package io.siyu;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Module boundaries hold, and the module diagram under docs/modules is regenerated from the code. */
class ModularityTests {

	/** The WeCom sandbox lives under io.siyu.sandbox but is a library (its own Maven module), not an app module. */
	static final ApplicationModules MODULES = ApplicationModules.of(SiyuApplication.class,
			JavaClass.Predicates.resideInAPackage("io.siyu.sandbox.."));

	@Test
	void modulesRespectTheirBoundaries() {
		MODULES.verify();
	}

	@Test
	void writesModuleDiagram() {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("../docs/modules"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
	}
}
